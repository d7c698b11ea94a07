using StackExchange.Redis;

namespace AgentApp.Quotas;

/// <summary>Debits spent model tokens from a tenant's budget: the one way the gateway and the worker both record spending.</summary>
public sealed class TokenLedger(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>Adds <paramref name="tokens"/> to <paramref name="tenant"/>'s minute and day (nothing when not positive).</summary>
    public Task DebitAsync(string tenant, long tokens) => DebitAsync(redis.GetDatabase(), tenant, tokens, time.GetUtcNow());

    /// <summary>As <see cref="DebitAsync(string, long)"/>, on <paramref name="db"/> at <paramref name="now"/>: four pipelined commands.</summary>
    public static async Task DebitAsync(IDatabaseAsync db, string tenant, long tokens, DateTimeOffset now)
    {
        if (tokens <= 0)
        {
            return;
        }

        var (minute, day) = (TokenQuotaKeys.Minute(tenant, now), TokenQuotaKeys.Day(tenant, now));
        // Keys are named by their window, so refreshing the expiry on every debit is harmless.
        await Task.WhenAll(
            db.StringIncrementAsync(minute, tokens), db.KeyExpireAsync(minute, TokenQuotaKeys.MinuteLifetime),
            db.StringIncrementAsync(day, tokens), db.KeyExpireAsync(day, TokenQuotaKeys.DayLifetime));
    }
}
