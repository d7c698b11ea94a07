using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.Availability;

/// <summary>How the gateway talks to Redis so an outage is answered quickly.</summary>
public static class RedisClientDefaults
{
    /// <summary>
    /// Fail commands at once while disconnected (the default backlog would hold each request until its timeout), keep
    /// reconnecting in the background, and bound every command to two seconds.
    /// </summary>
    public static void Apply(ConfigurationOptions options)
    {
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
    }
}
