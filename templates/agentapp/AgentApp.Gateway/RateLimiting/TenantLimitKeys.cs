using StackExchange.Redis;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>
/// Where a tenant's limit state lives in Redis. Every key carries the tenant as a hash tag (<c>{tenant}</c>), so one
/// script may touch them all on a Redis Cluster too (a script's keys must share a slot), the token counters of
/// <see cref="AgentApp.Quotas.TokenQuotaKeys"/> included.
/// </summary>
public static class TenantLimitKeys
{
    /// <summary>The request bucket: a hash of tokens left (<c>t</c>) and when its window began (<c>s</c>, ms).</summary>
    public static RedisKey Requests(string tenant) => $"gateway:{{{tenant}}}:requests";

    /// <summary>Concurrent-stream leases: a sorted set of lease ids scored by when they expire (ms).</summary>
    public static RedisKey Streams(string tenant) => $"gateway:{{{tenant}}}:streams";

    // Model tokens spent: AgentApp.Quotas.TokenQuotaKeys, shared with the worker (same hash tag).
}
