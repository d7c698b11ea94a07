using System.Globalization;
using AgentApp.Gateway.Edge.RateLimiting;
using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.Quotas;

/// <summary>Where a tenant stands against its token budget.</summary>
/// <param name="Exceeded">Null when there is budget left; else <c>tokens_per_minute</c> or <c>tokens_per_day</c>.</param>
/// <param name="Limit">The limit that was hit.</param>
/// <param name="RetryAfter">Seconds until that window ends.</param>
public sealed record QuotaCheck(string? Exceeded, long Limit, long RetryAfter);

/// <summary>
/// Model-token counters per tenant in Redis, one key per UTC minute and per UTC day, shared by every replica. Checked
/// before forwarding (a request is refused once a window is spent), debited after the api reports usage.
/// </summary>
public sealed class TokenQuotaStore(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>Key prefix: <c>gateway:tokens:&lt;tenant&gt;:m:&lt;yyyyMMddHHmm&gt;</c> and <c>…:d:&lt;yyyyMMdd&gt;</c>.</summary>
    public const string KeyPrefix = "gateway:tokens:";

    /// <summary>Whether <paramref name="tenant"/> may spend more tokens now.</summary>
    public async Task<QuotaCheck> CheckAsync(string tenant, TenantLimits limits)
    {
        var now = time.GetUtcNow();
        var (minute, day) = Keys(tenant, now);
        var used = await redis.GetDatabase().StringGetAsync([minute, day]);
        if ((long)(used[1].IsNull ? 0 : used[1]) >= limits.TokensPerDay)
        {
            return new("tokens_per_day", limits.TokensPerDay, SecondsUntil(now.UtcDateTime.Date.AddDays(1), now));
        }

        if ((long)(used[0].IsNull ? 0 : used[0]) >= limits.TokensPerMinute)
        {
            var start = now.UtcDateTime;
            var nextMinute = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
            return new("tokens_per_minute", limits.TokensPerMinute, SecondsUntil(nextMinute, now));
        }

        return new(null, 0, 0);
    }

    /// <summary>Adds <paramref name="tokens"/> to both windows of <paramref name="tenant"/>.</summary>
    public async Task DebitAsync(string tenant, long tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        var (minute, day) = Keys(tenant, time.GetUtcNow());
        var batch = redis.GetDatabase().CreateBatch();
        // Keys are named by their window, so refreshing the expiry on every debit is harmless.
        Task[] writes =
        [
            batch.StringIncrementAsync(minute, tokens), batch.KeyExpireAsync(minute, TimeSpan.FromMinutes(2)),
            batch.StringIncrementAsync(day, tokens), batch.KeyExpireAsync(day, TimeSpan.FromDays(2)),
        ];
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private static (RedisKey Minute, RedisKey Day) Keys(string tenant, DateTimeOffset now) =>
        ($"{KeyPrefix}{tenant}:m:{now.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}",
         $"{KeyPrefix}{tenant}:d:{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");

    private static long SecondsUntil(DateTime end, DateTimeOffset now) =>
        Math.Max(1, (long)Math.Ceiling((end - now.UtcDateTime).TotalSeconds));
}
