using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using AgentApp.Agent;
using AgentApp.Api.Chat;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AgentApp.Tests.Redaction;

/// <summary>
/// A prompt with an e-mail address and a card number leaves no trace of either in logs or exported spans.
/// Client → gateway (Kestrel, API key, Garnet) → api (Kestrel, real pipeline on the offline model), every log level on,
/// GenAI message content captured; every log record both services write and every span they export is searched.
/// </summary>
public sealed class PiiAcceptanceTests
{
    private const string Email = "alice@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string ApiKey = "pii-test-key-0123456789abcdefABCDEF";

    // Every written form that would betray either value.
    private static readonly string[] s_forbidden =
        [Email, "alice\\u0040example.com", "alice%40", "alice@", Card, "4111111111111111", "4111-1111-1111-1111", "4111 1111", "4111%201111"];

    [Fact]
    public async Task A_prompt_with_an_email_and_a_card_number_leaves_no_trace_of_either_in_logs_or_exported_spans()
    {
        var apiLogs = new CapturingLoggerProvider();
        var gatewayLogs = new CapturingLoggerProvider();
        var spans = new List<Activity>();

        using var redis = new GarnetServerHost();
        await using var apiHost = new ApiFactory
        {
            Environment = "Production",
            ConfigureServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(apiLogs);
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                // The offline model, failing (with the prompt in the exception's message) when asked to.
                services.AddKeyedSingleton<IChatClient>(AgentServiceCollectionExtensions.ProviderKey,
                    new FailsOnRequest(new AgentApp.Agent.Offline.OfflineChatClient()));
            },
        };
        apiHost.Settings["Logging:LogLevel:Default"] = "Trace";
        apiHost.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        apiHost.Settings["Agent:CaptureMessageContent"] = "true";
        apiHost.UseKestrelOnLoopback();
        apiHost.StartServer();
        var apiUrl = apiHost.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var gateway = new GatewayInstance(new Dictionary<string, string?>(
            [
                new("ConnectionStrings:cache", redis.ConnectionString),
                new("ReverseProxy:Clusters:api:Destinations:api:Address", apiUrl),
                new("Gateway:Secret", ApiFactory.GatewaySecret),
                new("Logging:LogLevel:Default", "Trace"),
                new("Logging:LogLevel:Microsoft.AspNetCore", "Trace"),
                new("Logging:LogLevel:Yarp", "Trace"),
                .. EdgeFixture.Key("pii", ApiKey, "pii-tenant", ["chat"]).Select(k => KeyValuePair.Create(k.Item1, k.Item2)),
            ]),
            configure: web =>
            {
                web.ConfigureLogging(logging => logging.AddProvider(gatewayLogs));
                web.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
            });
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var prompt = $"Please e-mail the receipt to {Email} and charge card {Card}.";

        // A JSON turn, a streamed turn, an OpenAI-compatible turn, a tool call with both in its arguments, a model failure
        // whose exception quotes the prompt, and a query string.
        await Problems.OkJsonAsync(await client.PostAsJsonAsync("/v1/chat", new { message = prompt }));
        using (var stream = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = prompt }) })
        {
            stream.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var streamed = await client.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
            Assert.Contains(Email, string.Concat((await ServerSentEvents.ReadAllAsync(streamed)).Select(e => e.Data))); // the user still gets their answer
        }

        await Problems.OkJsonAsync(await client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = prompt } } }));
        var calculated = await Problems.OkJsonAsync(await client.PostAsJsonAsync("/v1/chat", new { message = $"what is 4111111111111111 * 2 for {Email}?" }));
        Assert.Equal("calculate", calculated["toolCalls"]![0]!["name"]!.GetValue<string>());
        await Problems.AssertAsync(await client.PostAsJsonAsync("/v1/chat", new { message = $"{FailsOnRequest.Marker} {prompt}" }), HttpStatusCode.BadGateway);
        (await client.GetAsync($"/v1/conversations?email={Uri.EscapeDataString(Email)}&card={Uri.EscapeDataString(Card)}")).Dispose();

        // Server spans end just after their responses: wait until the api's four chat spans are exported.
        await Poll.UntilAsync(() => Snapshot(spans).Count(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/v1/chat"
            && apiUrl.EndsWith($":{s.GetTagItem("server.port")}", StringComparison.Ordinal)) >= 4, "the api's chat spans");

        // Snapshots first: background loggers keep appending, and a live queue changes size under a sized copy.
        var logText = apiLogs.Entries.ToArray().Concat(gatewayLogs.Entries.ToArray()).Select(e => e.AllText).ToList();
        var spanText = Snapshot(spans).Select(Describe).ToList();
        foreach (var forbidden in s_forbidden)
        {
            Assert.DoesNotContain(logText, t => t.Contains(forbidden, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(spanText, t => t.Contains(forbidden, StringComparison.OrdinalIgnoreCase));
        }

        // The search was over records that did carry the prompt: MEAI logged and traced it, and the failure quoted it.
        Assert.Contains(apiLogs.Entries, e => e.Category.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal)
            && e.AllText.Contains("[redacted:email]") && e.AllText.Contains("[redacted:card]"));
        Assert.Contains(apiLogs.Entries, e => e.Exception?.Contains("InvalidOperationException") == true && e.Exception.Contains("[redacted:email]"));
        Assert.Contains(apiLogs.Entries, e => e.AllText.Contains("calculate") && e.AllText.Contains("[redacted:card]"));
        Assert.Contains(spanText, t => t.Contains("gen_ai.input.messages") && t.Contains("[redacted:email]"));
        Assert.Contains(gatewayLogs.Entries, e => e.Message.StartsWith("Request starting", StringComparison.Ordinal)
            && e.Message.Contains("email=[redacted:email]"));
    }

    // The exporters append from other threads: copy until a copy succeeds, skipping a slot caught mid-append.
    private static List<Activity> Snapshot(List<Activity> spans)
    {
        while (true)
        {
            try
            {
                return [.. spans.ToArray().Where(s => s is not null)];
            }
            catch (ArgumentException)
            {
            }
        }
    }

    // What an exporter sends: name, status, every attribute, every event and its attributes.
    private static string Describe(Activity span) => string.Join("\n",
        [
            span.DisplayName, span.OperationName, span.StatusDescription ?? "",
            .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
            .. span.Events.SelectMany(e => new[] { e.Name }.Concat(e.Tags.Select(t => $"{t.Key}={t.Value}"))),
        ]);

    /// <summary>The offline model, except that a prompt starting with <see cref="Marker"/> fails quoting itself.</summary>
    private sealed class FailsOnRequest(IChatClient inner) : DelegatingChatClient(inner)
    {
        public const string Marker = "[fail]";

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var last = messages.Last(m => m.Role == ChatRole.User).Text;
            return last.StartsWith(Marker, StringComparison.Ordinal)
                ? throw new InvalidOperationException($"The provider could not process: {last}")
                : base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
