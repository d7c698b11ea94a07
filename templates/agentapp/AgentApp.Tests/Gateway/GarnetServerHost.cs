using AgentApp.Tests.Support;
using System.Net;
using System.Net.Sockets;

namespace AgentApp.Tests.Gateway;

/// <summary>A real Redis-protocol server (Garnet) in the test process, on loopback, with Lua scripts run atomically as the rate limiters need.</summary>
public sealed class GarnetServerHost : IDisposable
{
    private readonly Garnet.GarnetServer _server;

    /// <summary>Starts Garnet on a free loopback port.</summary>
    public GarnetServerHost()
    {
        Port = Loopback.FreePort();
        _server = new Garnet.GarnetServer([
            "--bind", "127.0.0.1", "--port", $"{Port}", "--lua",
            // Redis runs each script atomically; Garnet does only in transaction mode, and the limiters' scripts rely on it.
            "--lua-transaction-mode",
            "-q", "--logger-level", "Warning",
        ]);
        _server.Start();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <inheritdoc />
    public void Dispose() => _server.Dispose();

}
