using Aspire.Hosting.ApplicationModel;
using Garnet;

namespace AgentApp.Hosting;

/// <summary>Garnet (Microsoft Research's Redis-protocol server) in the AppHost process, on loopback, memory only.</summary>
internal sealed class GarnetDevServer : IInProcessServer
{
    private readonly GarnetServer _server;

    private GarnetDevServer(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <inheritdoc/>
    public int Port { get; }

    /// <inheritdoc/>
    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <summary>The Garnet version, for the dashboard.</summary>
    public static string Version => typeof(GarnetServer).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>Starts Garnet on <paramref name="port"/> (or a free loopback port), requiring <paramref name="password"/> if given.</summary>
    public static GarnetDevServer Start(int? port, string? password)
    {
        var listenPort = port ?? LoopbackPort.Free();
        List<string> args =
        [
            "--bind", InProcessResourceExtensions.LoopbackHost, "--port", $"{listenPort}",
            // Dapr's state store and the rate limiters rely on Lua scripts running atomically, as in Redis.
            "--lua", "--lua-transaction-mode",
            // A development cache: small and memory-only; hashes and lists stay on (Dapr's state store uses them).
            "--memory", "256m", "--index", "32m",
            "-q", "--logger-level", "Warning",
        ];
        if (!string.IsNullOrEmpty(password))
        {
            args.AddRange(["--auth", "Password", "--password", password]);
        }

        var server = new GarnetServer([.. args]);
        server.Start();
        return new GarnetDevServer(server, listenPort);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }
}
