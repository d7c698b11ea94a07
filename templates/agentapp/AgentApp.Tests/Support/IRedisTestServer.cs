namespace AgentApp.Tests.Support;

/// <summary>The Redis-protocol servers the gateway's Redis logic is proven on.</summary>
public enum RedisServerKind
{
    /// <summary>Microsoft's Garnet, in the test process: what the container-less app runs on.</summary>
    Garnet,

    /// <summary>Real Redis (Debian's <c>redis-server</c>), a child process: what production runs on.</summary>
    RedisServer,
}

/// <summary>A Redis-protocol server a test started and will stop.</summary>
public interface IRedisTestServer : IDisposable
{
    /// <summary>Which server this is.</summary>
    RedisServerKind Kind { get; }

    /// <summary>The loopback port it listens on.</summary>
    int Port { get; }

    /// <summary>A StackExchange.Redis connection string for it (with its password, where it has one).</summary>
    string ConnectionString { get; }

    /// <summary>A new server on this one's port with this one's password, as a server that was stopped comes back.</summary>
    IRedisTestServer StartAgain();
}

/// <summary>Starts either server.</summary>
public static class RedisTestServers
{
    /// <summary>Starts <paramref name="kind"/> on a free loopback port.</summary>
    public static IRedisTestServer Start(RedisServerKind kind) => kind switch
    {
        RedisServerKind.Garnet => new GarnetServerHost(),
        RedisServerKind.RedisServer => RedisServerProcess.Start(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
