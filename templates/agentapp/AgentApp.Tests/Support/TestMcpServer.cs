using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;

namespace AgentApp.Tests.Support;

/// <summary>
/// A small MCP server in the test process (the official SDK, Streamable HTTP; stateless, or with sessions so it can
/// announce tool changes) on a loopback port kept across a stop, so it can start again where the app expects it. Tools:
/// <c>echo</c>, and <c>wait</c>, which waits until its call is cancelled and says so.
/// </summary>
public sealed class TestMcpServer : IAsyncDisposable
{
    private readonly bool _stateful;
    private WebApplication? _app;

    private TestMcpServer(int port, bool stateful) => (Port, _stateful) = (port, stateful);

    /// <summary>The port it listens on, also after a restart.</summary>
    public int Port { get; }

    /// <summary>Its MCP endpoint.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/mcp");

    /// <summary><c>wait</c> calls that started, by <c>id</c>.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();

    /// <summary><c>wait</c> calls whose cancellation token fired, by <c>id</c>.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

    /// <summary>
    /// Starts a server on a free port. Only a stateless server stops a call when its client leaves: a session's call
    /// outlives the POST that started it (the SDK's client sends no <c>notifications/cancelled</c> over Streamable HTTP).
    /// </summary>
    public static async Task<TestMcpServer> StartAsync(bool stateful = false)
    {
        var server = new TestMcpServer(Loopback.FreePort(), stateful);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts it (again) on <see cref="Port"/>.</summary>
    public async Task RestartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(this);
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.SessionMode = _stateful ? HttpServerSessionMode.Stateful : HttpServerSessionMode.Stateless)
            .WithTools<ProbeTools>();
        _app = builder.Build();
        _app.MapMcp("/mcp");
        await _app.StartAsync();
    }

    /// <summary>Adds a tool while running; connected clients are told the list changed.</summary>
    public void AddTool(McpServerTool tool) =>
        _app!.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!.Add(tool);

    /// <summary>Stops it; <see cref="RestartAsync"/> starts it again on the same port.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The server's tools.</summary>
    [McpServerToolType]
    public sealed class ProbeTools(TestMcpServer server)
    {
        /// <summary>Echoes.</summary>
        [McpServerTool(Name = "echo"), Description("Echoes the text back.")]
        public static string Echo([Description("What to echo.")] string text) => $"echo: {text}";

        /// <summary>Waits for cancellation.</summary>
        [McpServerTool(Name = "wait"), Description("Waits until the call is cancelled.")]
        public async Task<string> WaitAsync([Description("The call's id.")] string id, CancellationToken cancellationToken)
        {
            server.Started.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    server.Cancelled.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }

            return "never";
        }
    }
}
