using StackExchange.Redis;

namespace AgentApp.Gateway.RedisStore;

/// <summary>How the gateway talks to Redis so an outage is answered quickly.</summary>
public static class RedisClientDefaults
{
    /// <summary>
    /// A PEM or DER certificate file (<c>Gateway:Redis:TrustedCertificate</c>): the CA that issued the Redis server's TLS
    /// certificate, when it is not one the machine trusts (a self-hosted Redis with a private CA). TLS itself is the
    /// connection string's <c>ssl=true</c>.
    /// </summary>
    public const string TrustedCertificateKey = "Gateway:Redis:TrustedCertificate";

    /// <summary>
    /// Fail commands at once while disconnected (the default backlog would hold each request until its timeout), keep
    /// reconnecting in the background, bound every command to two seconds, read replies on the .NET thread pool, and
    /// trust <see cref="TrustedCertificateKey"/> when it is set.
    /// </summary>
    public static void Apply(ConfigurationOptions options, IConfiguration configuration)
    {
        if (configuration[TrustedCertificateKey] is { Length: > 0 } ca)
        {
            options.TrustIssuer(ca);
        }

        Apply(options);
    }

    /// <summary>As <see cref="Apply(ConfigurationOptions, IConfiguration)"/>, without a trusted certificate.</summary>
    public static void Apply(ConfigurationOptions options)
    {
        // The default scheduler hands every reply from its own reader threads to the thread pool: one more thread
        // switch per command. Each request here awaits one to three commands, and nothing in the gateway blocks a
        // pool thread (which is what the dedicated threads guard against). Measured on 2 cores against Garnet, a
        // round trip took 35-57 us p50 instead of 90-200 us, at a fraction of the CPU.
        options.SocketManager = SocketManager.ThreadPool;
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
    }
}
