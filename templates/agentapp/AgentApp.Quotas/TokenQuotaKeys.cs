using System.Globalization;
using StackExchange.Redis;

namespace AgentApp.Quotas;

/// <summary>
/// Where a tenant's spent model tokens are counted: one key per UTC minute and per UTC day. The tenant is the key's hash
/// tag (<c>{tenant}</c>), the same as the gateway's other limit keys, so one script can read them all on a Redis Cluster.
/// </summary>
public static class TokenQuotaKeys
{
    /// <summary>Tokens spent in the UTC minute of <paramref name="at"/>.</summary>
    public static RedisKey Minute(string tenant, DateTimeOffset at) =>
        $"quota:{{{tenant}}}:m:{at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";

    /// <summary>Tokens spent on the UTC day of <paramref name="at"/>.</summary>
    public static RedisKey Day(string tenant, DateTimeOffset at) =>
        $"quota:{{{tenant}}}:d:{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>How long a minute's counter is kept: past its minute, for replicas with slightly different clocks.</summary>
    public static readonly TimeSpan MinuteLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How long a day's counter is kept.</summary>
    public static readonly TimeSpan DayLifetime = TimeSpan.FromDays(2);
}
