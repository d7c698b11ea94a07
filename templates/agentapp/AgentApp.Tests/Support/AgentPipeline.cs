using AgentApp.Agent;
using AgentApp.Api.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Support;

/// <summary>The api's real agent registration (<c>AddAgent</c>) in a bare host, optionally over a substitute provider.</summary>
public sealed class AgentPipeline : IDisposable
{
    private readonly IHost _host;

    /// <summary>Builds it with the offline model, or <paramref name="provider"/> wrapping it.</summary>
    public AgentPipeline(Func<IChatClient, IChatClient>? provider = null, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddAgent();
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        if (provider is not null)
        {
            var offline = new AgentApp.Agent.Offline.OfflineChatClient();
            builder.Services.AddKeyedSingleton(AgentServiceCollectionExtensions.ProviderKey, provider(offline));
        }

        _host = builder.Build();
    }

    /// <summary>The clock the tools read.</summary>
    public ManualClock Clock { get; } = new();

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The agent: the whole pipeline.</summary>
    public IChatClient Agent => _host.Services.GetRequiredService<IChatClient>();

    /// <summary>Streams a turn to the end.</summary>
    public async Task<List<ChatResponseUpdate>> StreamAsync(string message, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Agent.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, message)], cancellationToken: cancellationToken))
        {
            updates.Add(update);
        }

        return updates;
    }

    /// <inheritdoc />
    public void Dispose() => _host.Dispose();
}

/// <summary>A provider that records what the pipeline sent it, then lets the offline model answer.</summary>
public sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <summary>Each call's messages and options.</summary>
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add(([.. messages], options));
        }

        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add(([.. messages], options));
        }

        return base.GetResponseAsync(messages, options, cancellationToken);
    }
}
