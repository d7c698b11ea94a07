using System.Diagnostics;
using AgentApp.Agent.Offline;
using AgentApp.Agent.Telemetry;
using AgentApp.Agent.Tools;
using AgentApp.Agent;
using AgentApp.Api.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpenTelemetry;

namespace AgentApp.Tests.Telemetry;

/// <summary>
/// The agent pipeline as the api registers it, with ServiceDefaults' OpenTelemetry set-up and an in-memory exporter on the
/// same providers: what a real turn puts in the dashboard. Only the meters and sources ServiceDefaults names are exported,
/// so these tests also prove the names are registered.
/// </summary>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class GenAiTelemetryTests
{
    private const string Tenant = "acme";

    [Fact]
    public async Task A_tool_turn_emits_gen_ai_spans_token_usage_duration_cost_and_a_tool_call()
    {
        using var telemetry = new TelemetryHost(
            ("ModelPricing:Models:offline:InputPer1M", "2.50"),
            ("ModelPricing:Models:offline:OutputPer1K", "0.01"));
        using var caller = AmbientAgentCaller.Begin(Tenant, null);

        var response = await telemetry.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "what is 12 * (3 + 4)?")]);
        var metrics = telemetry.Collect();

        Assert.Contains("84", response.Text);
        var input = response.Usage!.InputTokenCount!.Value;
        var output = response.Usage.OutputTokenCount!.Value;
        Assert.True(input > 0 && output > 0, "the offline model reports usage");

        // GenAI semantic conventions, from UseOpenTelemetry: two model calls (ask for the tool, then answer).
        var usage = metrics.Points("gen_ai.client.token.usage");
        Assert.Equal(input, usage.Where(p => p.Tag("gen_ai.token.type") == "input").Sum(p => p.HistogramSum));
        Assert.Equal(output, usage.Where(p => p.Tag("gen_ai.token.type") == "output").Sum(p => p.HistogramSum));
        Assert.All(usage, p => Assert.Equal(OfflineChatClient.ModelId, p.Tag("gen_ai.response.model")));
        Assert.Equal(2, metrics.Points("gen_ai.client.operation.duration").Sum(p => p.HistogramCount));
        var chatSpans = telemetry.Spans.Where(s => s.GetTagItem("gen_ai.operation.name") as string == "chat").ToList();
        Assert.Equal(2, chatSpans.Count);
        Assert.Equal(input, chatSpans.Sum(s => Convert.ToInt64(s.GetTagItem("gen_ai.usage.input_tokens"))));

        // Cost: 2.50 per 1M input tokens, 0.01 per 1K output tokens, billed to the tenant named in the options.
        var cost = Assert.Single(metrics.Points(AgentMetrics.CostName));
        Assert.Equal(Tenant, cost.Tag(AgentMetrics.TenantTag));
        Assert.Equal(OfflineChatClient.ModelId, cost.Tag(AgentMetrics.ModelTag));
        Assert.Equal((double)(input * 2.50m / 1_000_000m + output * 0.01m / 1_000m), cost.Sum, 12);
        Assert.Empty(metrics.Points(AgentMetrics.UnpricedName));

        var tool = Assert.Single(metrics.Points(AgentMetrics.ToolCallsName));
        Assert.Equal(ToolNames.Calculate, tool.Tag(AgentMetrics.ToolTag));
        Assert.Equal("success", tool.Tag(AgentMetrics.OutcomeTag));
        Assert.Equal(1, tool.Sum);
    }

    [Fact]
    public async Task A_streamed_turn_is_billed_from_the_usage_in_the_stream()
    {
        using var telemetry = new TelemetryHost(("ModelPricing:Models:offline:InputPer1M", "1000"), ("ModelPricing:Models:offline:OutputPer1M", "3000"));
        using var caller = AmbientAgentCaller.Begin(Tenant, null);

        var usage = new UsageDetails();
        await foreach (var update in telemetry.Agent.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello")]))
        {
            foreach (var used in update.Contents.OfType<UsageContent>())
            {
                usage.Add(used.Details);
            }
        }

        var cost = Assert.Single(telemetry.Collect().Points(AgentMetrics.CostName));
        Assert.Equal((double)(usage.InputTokenCount!.Value * 1000m / 1_000_000m + usage.OutputTokenCount!.Value * 3000m / 1_000_000m), cost.Sum, 12);
        Assert.True(cost.Sum > 0);
        Assert.Equal(Tenant, cost.Tag(AgentMetrics.TenantTag));
    }

    [Fact]
    public async Task A_model_without_a_price_is_counted_as_unpriced()
    {
        using var telemetry = new TelemetryHost();
        using var caller = AmbientAgentCaller.Begin(Tenant, null);

        await telemetry.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]);
        var metrics = telemetry.Collect();

        Assert.Empty(metrics.Points(AgentMetrics.CostName));
        var unpriced = Assert.Single(metrics.Points(AgentMetrics.UnpricedName));
        Assert.Equal(OfflineChatClient.ModelId, unpriced.Tag(AgentMetrics.ModelTag));
        Assert.Equal(Tenant, unpriced.Tag(AgentMetrics.TenantTag));
    }

    [Fact]
    public async Task A_failing_tool_is_counted_with_outcome_error()
    {
        var failing = AIFunctionFactory.Create(string () => throw new InvalidOperationException("boom"), "explode");
        var provider = new AskForToolOnce(new OfflineChatClient(), "explode");
        using var telemetry = new TelemetryHost(provider);
        using var caller = AmbientAgentCaller.Begin(Tenant, null);

        await telemetry.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "go")],
            new ChatOptions { Tools = [failing] });

        var tool = Assert.Single(telemetry.Collect().Points(AgentMetrics.ToolCallsName), p => p.Tag(AgentMetrics.ToolTag) == "explode");
        Assert.Equal("error", tool.Tag(AgentMetrics.OutcomeTag));
        Assert.Equal(1, tool.Sum);
    }

    /// <summary>The api's agent registration plus ServiceDefaults' OpenTelemetry, exporting to memory.</summary>
    private sealed class TelemetryHost : IDisposable
    {
        private readonly IHost _host;
        private readonly List<MetricSnapshot> _metrics = [];

        public TelemetryHost(params (string Key, string Value)[] settings)
            : this(null, settings)
        {
        }

        public TelemetryHost(IChatClient? provider, params (string Key, string Value)[] settings)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "telemetry-test" });
            builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
            builder.Services.AddPiiRedaction(); // as AddServiceDefaults does: telemetry passes redaction
            builder.ConfigureOpenTelemetry();
            builder.Services.AddOpenTelemetry()
                .WithMetrics(m => m.AddInMemoryExporter(_metrics))
                .WithTracing(t => t.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(Spans));
            builder.AddAgent();
            if (provider is not null)
            {
                builder.Services.AddKeyedSingleton(AgentServiceCollectionExtensions.ProviderKey, provider);
            }

            _host = builder.Build();
            _host.Services.GetRequiredService<TracerProvider>();
            _host.Services.GetRequiredService<MeterProvider>();
        }

        public List<Activity> Spans { get; } = [];

        public IChatClient Agent => _host.Services.GetRequiredService<IChatClient>();

        /// <summary>Flushes the metrics and returns the latest (cumulative) snapshot of each.</summary>
        public Metrics Collect()
        {
            Assert.True(_host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
            return new Metrics([.. _metrics]);
        }

        public void Dispose() => _host.Dispose();
    }

    private sealed record Metrics(List<MetricSnapshot> Snapshots)
    {
        public List<Point> Points(string name)
        {
            var latest = Snapshots.LastOrDefault(s => s.Name == name);
            return latest is null ? [] : [.. latest.MetricPoints.Select(p => Point.From(latest, p))];
        }
    }

    private sealed record Point(Dictionary<string, string?> Tags, double Sum, double HistogramSum, long HistogramCount)
    {
        public string? Tag(string name) => Tags.GetValueOrDefault(name);

        public static Point From(MetricSnapshot metric, MetricPoint point)
        {
            var tags = new Dictionary<string, string?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value?.ToString();
            }

            return metric.MetricType switch
            {
                MetricType.Histogram => new(tags, 0, point.GetHistogramSum(), point.GetHistogramCount()),
                MetricType.DoubleSum => new(tags, point.GetSumDouble(), 0, 0),
                MetricType.LongSum => new(tags, point.GetSumLong(), 0, 0),
                var other => throw new InvalidOperationException($"{metric.Name}: unexpected {other}"),
            };
        }
    }

    /// <summary>Asks for <paramref name="tool"/> on the first call, then lets the offline model answer.</summary>
    private sealed class AskForToolOnce(IChatClient inner, string tool) : DelegatingChatClient(inner)
    {
        private bool _asked;

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (_asked)
            {
                return base.GetResponseAsync(messages, options, cancellationToken);
            }

            _asked = true;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", tool)]))
            {
                ModelId = OfflineChatClient.ModelId,
                Usage = new UsageDetails { InputTokenCount = 1, OutputTokenCount = 1 },
            });
        }
    }
}
