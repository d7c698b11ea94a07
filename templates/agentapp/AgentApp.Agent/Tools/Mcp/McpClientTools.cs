using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>
/// The tools of every configured remote MCP server (<see cref="McpServersOptions"/>), one
/// <see cref="McpServerConnection"/> each, discovered at start and on change. A server that is down just has no tools.
/// </summary>
public sealed class McpClientTools : BackgroundService
{
    private readonly IReadOnlyList<McpServerConnection> _servers;
    private volatile IReadOnlyList<AITool> _current = [];

    /// <summary>Creates a connection per configured server; none connects before the host starts.</summary>
    public McpClientTools(IOptions<McpServersOptions> options, ILoggerFactory loggers)
    {
        _servers = [.. options.Value.Servers.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new McpServerConnection(s.Key, s.Value, options.Value, loggers, Collect))];
    }

    /// <summary>The remote tools available now, across servers.</summary>
    public IReadOnlyList<AITool> Current => _current;

    /// <summary>The servers.</summary>
    public IReadOnlyList<McpServerConnection> Servers => _servers;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_servers.Select(s => s.RunAsync(stoppingToken)));

    private void Collect() => _current = [.. _servers.SelectMany(s => s.Tools)];
}

/// <summary>
/// Adds the remote MCP tools available at the moment of each request to its <see cref="ChatOptions.Tools"/>, after the
/// agent's own, so guardrails apply the tenant's allowlist to them like to any tool.
/// </summary>
public sealed class McpToolsChatClient(IChatClient innerClient, McpClientTools remote) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithRemoteTools(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithRemoteTools(options), cancellationToken);

    private ChatOptions? WithRemoteTools(ChatOptions? options)
    {
        if (remote.Current is not { Count: > 0 } tools)
        {
            return options;
        }

        var result = options?.Clone() ?? new ChatOptions();
        result.Tools = [.. result.Tools ?? [], .. tools.Where(t => result.Tools?.Any(existing => existing.Name == t.Name) != true)];
        return result;
    }
}
