using System.Diagnostics.Metrics;
using AgentApp.Agent.Guardrails;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentApp.Tests.Guardrails;

/// <summary>
/// The guardrails (<c>UseGuardrails</c>, or the middleware a test names) over a scripted model, with the real registration
/// (<c>AddGuardrails</c>), a metric collector on the decision counter and every log record captured.
/// </summary>
public sealed class GuardrailHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public GuardrailHarness(IChatClient model, params (string Key, string Value)[] settings)
        : this(model, builder => builder.UseGuardrails(), settings)
    {
    }

    public GuardrailHarness(IChatClient model, Func<ChatClientBuilder, ChatClientBuilder> guardrails, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddGuardrails();
        _services = services.BuildServiceProvider();
        Decisions = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), GuardrailDecisions.MeterName, GuardrailDecisions.CounterName);
        Model = model;
        Client = guardrails(new ChatClientBuilder(model)).Build(_services);
    }

    /// <summary>Every log record.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The decision counter's measurements.</summary>
    public MetricCollector<long> Decisions { get; }

    /// <summary>The model under the guardrails.</summary>
    public IChatClient Model { get; }

    /// <summary>The guardrails.</summary>
    public IChatClient Client { get; }

    /// <summary>The options as bound.</summary>
    public GuardrailOptions Options => _services.GetRequiredService<IOptions<GuardrailOptions>>().Value;

    /// <summary>How many times a rule decided an outcome.</summary>
    public long Count(string rule, string outcome) => Decisions.GetMeasurementSnapshot()
        .Where(m => Equals(m.Tags["rule"], rule) && Equals(m.Tags["outcome"], outcome)).Sum(m => m.Value);

    /// <summary>The audit events written.</summary>
    public List<CapturingLoggerProvider.Entry> AuditEvents => [.. Logs.Entries.Where(e => e.Category == GuardrailDecisions.AuditCategory)];

    /// <summary>Streams to the end.</summary>
    public async Task<List<ChatResponseUpdate>> StreamAsync(string message, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, message)], options))
        {
            updates.Add(update);
        }

        return updates;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Decisions.Dispose();
        _services.Dispose();
    }
}

/// <summary>A model that answers with fixed text (streamed in the given pieces) and records what it was sent.</summary>
public sealed class ScriptedModel(params string[] pieces) : IChatClient
{
    /// <summary>Each call's messages and options.</summary>
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(([.. messages], options));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(pieces))));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add(([.. messages], options));
        foreach (var piece in pieces)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
