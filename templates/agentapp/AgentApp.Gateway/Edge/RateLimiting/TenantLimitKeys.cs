using System.Globalization;
using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.RateLimiting;

/// <summary>
/// Where a tenant's limit state lives in Redis. Every key carries the tenant as a hash tag (<c>{tenant}</c>), so one
/// script may touch them all on a Redis Cluster too (a script's keys must share a slot).
/// </summary>
public static class TenantLimitKeys
{
    /// <summary>The request bucket: a hash of tokens left (<c>t</c>) and when its window began (<c>s</c>, ms).</summary>
    public static RedisKey Requests(string tenant) => $"gateway:{{{tenant}}}:requests";

    /// <summary>Concurrent-stream leases: a sorted set of lease ids scored by when they expire (ms).</summary>
    public static RedisKey Streams(string tenant) => $"gateway:{{{tenant}}}:streams";

    /// <summary>Model tokens spent in the UTC minute of <paramref name="at"/>.</summary>
    public static RedisKey TokensThisMinute(string tenant, DateTimeOffset at) =>
        $"gateway:{{{tenant}}}:tokens:m:{at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";

    /// <summary>Model tokens spent on the UTC day of <paramref name="at"/>.</summary>
    public static RedisKey TokensToday(string tenant, DateTimeOffset at) =>
        $"gateway:{{{tenant}}}:tokens:d:{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
}
