using System.Net;
using System.Net.Sockets;

namespace AgentApp.Tests.Support;

/// <summary>A real Redis-protocol server (Garnet) in the test process, on loopback, with Lua scripts run atomically as the rate limiters need.</summary>
public sealed class GarnetServerHost : IRedisTestServer
{
    private readonly Garnet.GarnetServer _server;

    /// <summary>Starts Garnet on <paramref name="port"/> (to restart one that was stopped) or a free loopback port.</summary>
    public GarnetServerHost(int? port = null)
    {
        Port = port ?? Loopback.FreePort();
        _server = new Garnet.GarnetServer([
            "--bind", "127.0.0.1", "--port", $"{Port}", "--lua",
            // Redis runs each script atomically; Garnet does only in transaction mode, and the limiters' scripts rely on it.
            "--lua-transaction-mode",
            "-q", "--logger-level", "Warning",
        ]);
        _server.Start();
    }

    /// <inheritdoc />
    public RedisServerKind Kind => RedisServerKind.Garnet;

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <inheritdoc />
    public IRedisTestServer StartAgain() => new GarnetServerHost(Port);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _server.Dispose();
        }
        catch (ObjectDisposedException)
        {
            // Garnet 2.2.8 shares epoch state between servers in one process: disposing a second server can trip over a
            // token the first one disposed, after its listener has already closed.
        }
    }

}
