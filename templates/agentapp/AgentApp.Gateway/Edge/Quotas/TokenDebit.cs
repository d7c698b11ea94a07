using AgentApp.Gateway.Edge.RateLimiting;
using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.Quotas;

/// <summary>Adds spent model tokens to a tenant's minute and day counters, the ones the admission script reads.</summary>
public static class TokenDebit
{
    /// <summary>Debits <paramref name="tokens"/> (nothing when not positive) in one pipelined batch.</summary>
    public static async Task DebitAsync(IDatabaseAsync redis, string tenant, long tokens, DateTimeOffset now)
    {
        if (tokens <= 0)
        {
            return;
        }

        var (minute, day) = (TenantLimitKeys.TokensThisMinute(tenant, now), TenantLimitKeys.TokensToday(tenant, now));
        // Keys are named by their window, so refreshing the expiry on every debit is harmless.
        await Task.WhenAll(
            redis.StringIncrementAsync(minute, tokens), redis.KeyExpireAsync(minute, TimeSpan.FromMinutes(2)),
            redis.StringIncrementAsync(day, tokens), redis.KeyExpireAsync(day, TimeSpan.FromDays(2)));
    }
}
