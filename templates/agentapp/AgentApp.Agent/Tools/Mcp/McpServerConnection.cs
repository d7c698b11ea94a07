using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>Where one remote MCP server stands, as health checks and logs report it.</summary>
/// <param name="Server">Its name.</param>
/// <param name="Available">Connected, its tools listed.</param>
/// <param name="ToolCount">How many of its tools the agent has.</param>
/// <param name="Problem">Why it is unavailable (an exception's type and message, never a stack trace).</param>
public sealed record McpServerStatus(string Server, bool Available, int ToolCount, string? Problem);

/// <summary>
/// One remote MCP server, kept connected: connects, lists its tools, lists them again every
/// <see cref="McpServersOptions.RefreshInterval"/> or as soon as the server announces a change, and when the server stops
/// answering drops its tools and tries again. The agent never waits for it.
/// </summary>
public sealed partial class McpServerConnection(string name, McpServerOptions settings, McpServersOptions options,
    ILoggerFactory loggers, Action onToolsChanged)
{
    private readonly ILogger _logger = loggers.CreateLogger<McpServerConnection>();
    private readonly SemaphoreSlim _wake = new(0);
    private volatile McpClient? _client;
    private volatile IReadOnlyList<AITool> _tools = [];
    private volatile string? _problem = "not connected yet";
    private bool _problemLogged;

    /// <summary>The server's name.</summary>
    public string Name => name;

    /// <summary>Its tools, namespaced; empty while it is unavailable.</summary>
    public IReadOnlyList<AITool> Tools => _tools;

    /// <summary>Where it stands.</summary>
    public McpServerStatus Status => new(name, _problem is null, _tools.Count, _problem);

    /// <summary>Keeps the connection until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var client = await ConnectAsync(stopping);
                _client = client;
                await using var listChanged = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification,
                    (_, _) => { Wake(); return ValueTask.CompletedTask; });
                while (true)
                {
                    await RefreshAsync(client, stopping);
                    await _wake.WaitAsync(options.RefreshInterval, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                MarkUnavailable($"{ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                _client = null;
            }

            try
            {
                await _wake.WaitAsync(options.RefreshInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Lists the server's tools again (a health probe that also refreshes them; <c>ping</c> is gone from newer protocol
    /// revisions); a failure marks it unavailable and reconnects.
    /// </summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_client is not { } client || _problem is not null)
        {
            return false;
        }

        try
        {
            await RefreshAsync(client, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            MarkUnavailable($"{ex.GetType().Name}: {ex.Message}");
            Wake();
            return false;
        }
    }

    /// <summary>A call found the server gone: drop its tools now and reconnect.</summary>
    public void Unreachable()
    {
        MarkUnavailable("a tool call could not reach the server");
        Wake();
    }

    private async Task<McpClient> ConnectAsync(CancellationToken stopping)
    {
        var transport = new HttpClientTransportOptions
        {
            Endpoint = settings.Url!,
            Name = name,
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = options.RequestTimeout,
            AdditionalHeaders = settings.Token is { Length: > 0 } token
                ? new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" }
                : null,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.RequestTimeout);
        // The transport's own HttpClient: the shared defaults' resilience handler would retry tool calls (not idempotent)
        // and cut long ones at its attempt timeout.
        return await McpClient.CreateAsync(new HttpClientTransport(transport, loggers),
            new McpClientOptions { InitializationTimeout = options.RequestTimeout }, loggers, timeout.Token);
    }

    private async Task RefreshAsync(McpClient client, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.RequestTimeout);
        var listed = await client.ListToolsAsync(cancellationToken: timeout.Token);
        var approval = settings.RequireApproval.ToHashSet(StringComparer.Ordinal);
        List<AITool> tools = [];
        foreach (var tool in listed)
        {
            if (McpToolNames.For(name, tool.Name) is not { } qualified)
            {
                ToolNameTooLong(_logger, name, tool.Name, McpToolNames.MaxLength);
                continue;
            }

            var remote = new McpRemoteTool(tool, name, qualified, Unreachable);
            tools.Add(approval.Contains(tool.Name) || approval.Contains("*") ? new ApprovalRequiredAIFunction(remote) : remote);
        }

        var wasUnavailable = _problem is not null;
        _problem = null;
        _problemLogged = false;
        _tools = tools;
        if (wasUnavailable)
        {
            Connected(_logger, name, tools.Count);
        }

        onToolsChanged();
    }

    private void MarkUnavailable(string problem)
    {
        var wasAvailable = _problem is null;
        _problem = problem;
        _tools = [];
        if (wasAvailable || !_problemLogged)
        {
            _problemLogged = true;
            Disconnected(_logger, name, problem);
        }

        onToolsChanged();
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    [LoggerMessage(EventId = 7310, Level = LogLevel.Information, Message = "MCP server {Server} connected: {ToolCount} tools")]
    private static partial void Connected(ILogger logger, string server, int toolCount);

    [LoggerMessage(EventId = 7311, Level = LogLevel.Warning,
        Message = "MCP server {Server} is unavailable, the agent works without its tools until it answers again: {Problem}")]
    private static partial void Disconnected(ILogger logger, string server, string problem);

    [LoggerMessage(EventId = 7312, Level = LogLevel.Warning,
        Message = "MCP server {Server}: tool {Tool} is left out, its namespaced name would exceed {Max} characters")]
    private static partial void ToolNameTooLong(ILogger logger, string server, string tool, int max);
}
