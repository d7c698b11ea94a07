using AgentApp.Quotas;
using StackExchange.Redis;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>Why a request was refused, or that it was not.</summary>
public enum AdmissionVerdict
{
    /// <summary>Within every limit.</summary>
    Admitted = 0,

    /// <summary>The request bucket is empty.</summary>
    RequestsPerMinute = 1,

    /// <summary>Every concurrent-stream slot is taken.</summary>
    ConcurrentStreams = 2,

    /// <summary>The day's model tokens are spent.</summary>
    TokensPerDay = 3,

    /// <summary>The minute's model tokens are spent.</summary>
    TokensPerMinute = 4,
}

/// <summary>What the admission script asks Redis for one tenant.</summary>
/// <param name="Tenant">Whose state.</param>
/// <param name="Limits">The tenant's limits.</param>
/// <param name="Now">The gateway's clock.</param>
/// <param name="Decide">Whether this request itself asks to be admitted (false: only sync what was taken locally).</param>
/// <param name="LeaseId">A stream's lease id, or null for a request that opens no stream.</param>
/// <param name="LeaseExpiry">When the lease lapses unless renewed.</param>
/// <param name="CheckQuota">Whether the token budget must have room.</param>
/// <param name="TakenLocally">Requests admitted without asking (batched mode), charged to the bucket first.</param>
/// <param name="TokensSpent">Model tokens spent since the last sync (batched mode), debited first.</param>
public readonly record struct AdmissionAsk(string Tenant, TenantLimits Limits, DateTimeOffset Now, bool Decide,
    string? LeaseId, DateTimeOffset LeaseExpiry, bool CheckQuota, long TakenLocally = 0, long TokensSpent = 0);

/// <summary>Redis's answer, with the tenant's state after it.</summary>
/// <param name="Verdict">The decision (always <see cref="AdmissionVerdict.Admitted"/> for a sync that decides nothing).</param>
/// <param name="RequestsLeft">Requests left in the bucket; negative when batched replicas overshot.</param>
/// <param name="WindowEnd">When the bucket refills whole.</param>
/// <param name="TokensThisMinute">Model tokens spent this minute.</param>
/// <param name="TokensToday">Model tokens spent today.</param>
public readonly record struct AdmissionResult(AdmissionVerdict Verdict, long RequestsLeft, DateTimeOffset WindowEnd,
    long TokensThisMinute, long TokensToday);

/// <summary>
/// One Lua script decides a request against all of its tenant's limits in one Redis round trip: the request bucket, a
/// concurrent-stream slot and the token budget, taking nothing unless everything allows it (a refused stream spends no
/// request, a request over its token budget spends nothing). The same script applies what batched replicas admitted or
/// spent locally. RedisRateLimiting's limiters each make a round trip of their own and cannot decide together, hence a
/// script of our own.
/// </summary>
public static class AdmissionScript
{
    /// <summary>The request bucket refills whole once per period (requests per minute).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    // KEYS: 1 request bucket, 2 stream leases, 3 tokens this minute, 4 tokens today.
    // ARGV: 1 now (ms), 2 requests per period, 3 period (ms), 4 taken locally, 5 decide (1/0), 6 lease id ('' = none),
    //       7 lease expiry (ms), 8 stream slots, 9 stream key ttl (ms), 10 tokens per minute (0 = unchecked),
    //       11 tokens per day, 12 tokens spent locally, 13 and 14 minute and day counter lifetimes (s).
    // Token counts are read even when unchecked: batched replicas keep them as their view.
    // Returns { verdict, requests left, window end (ms), tokens this minute, tokens today }.
    // A bucket refills whole each period; an overshoot (batched replicas) is carried into the next window as debt.
    internal const string Lua = """
        local now = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local period = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 't', 's')
        local left = tonumber(state[1])
        local start = tonumber(state[2])
        if left == nil or start == nil then
          left = limit
          start = now
        elseif now - start >= period then
          local periods = math.floor((now - start) / period)
          left = math.min(limit, left + periods * limit)
          start = start + periods * period
        end
        left = math.min(limit, left) - tonumber(ARGV[4])

        local spent = tonumber(ARGV[12])
        local minute = 0
        local day = 0
        if spent > 0 then
          minute = redis.call('INCRBY', KEYS[3], spent)
          redis.call('EXPIRE', KEYS[3], ARGV[13])
          day = redis.call('INCRBY', KEYS[4], spent)
          redis.call('EXPIRE', KEYS[4], ARGV[14])
        else
          minute = tonumber(redis.call('GET', KEYS[3]) or '0')
          day = tonumber(redis.call('GET', KEYS[4]) or '0')
        end

        local verdict = 0
        if ARGV[5] == '1' then
          if tonumber(ARGV[10]) > 0 and day >= tonumber(ARGV[11]) then
            verdict = 3
          elseif tonumber(ARGV[10]) > 0 and minute >= tonumber(ARGV[10]) then
            verdict = 4
          else
            if ARGV[6] ~= '' then
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
              if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[8]) then
                verdict = 2
              end
            end
            if verdict == 0 and left < 1 then
              verdict = 1
            end
            if verdict == 0 then
              left = left - 1
              if ARGV[6] ~= '' then
                redis.call('ZADD', KEYS[2], ARGV[7], ARGV[6])
                redis.call('PEXPIRE', KEYS[2], ARGV[9])
              end
            end
          end
        end

        redis.call('HSET', KEYS[1], 't', left, 's', start)
        redis.call('PEXPIRE', KEYS[1], period * 2)
        return { verdict, left, start + period, minute, day }
        """;

    /// <summary>Runs the script for <paramref name="ask"/>: one round trip.</summary>
    public static Task<AdmissionResult> RunAsync(IDatabaseAsync redis, AdmissionAsk ask, TimeSpan leaseTtl) => RunAsync(redis, ask, leaseTtl, Lua);

    /// <summary>As <see cref="RunAsync(IDatabaseAsync, AdmissionAsk, TimeSpan)"/> with another script (tests run doubles).</summary>
    internal static async Task<AdmissionResult> RunAsync(IDatabaseAsync redis, AdmissionAsk ask, TimeSpan leaseTtl, string lua)
    {
        var tenant = ask.Tenant;
        var limits = ask.Limits;
        var now = ask.Now.ToUnixTimeMilliseconds();
        var reply = (RedisResult[])(await redis.ScriptEvaluateAsync(lua,
            [TenantLimitKeys.Requests(tenant), TenantLimitKeys.Streams(tenant), TokenQuotaKeys.Minute(tenant, ask.Now), TokenQuotaKeys.Day(tenant, ask.Now)],
            [
                now, limits.RequestsPerMinute, (long)Period.TotalMilliseconds, ask.TakenLocally, ask.Decide ? 1 : 0,
                ask.LeaseId ?? "", ask.LeaseExpiry.ToUnixTimeMilliseconds(), limits.ConcurrentStreams, (long)(leaseTtl * 2).TotalMilliseconds,
                ask.CheckQuota ? limits.TokensPerMinute : 0, limits.TokensPerDay, ask.TokensSpent,
                (long)TokenQuotaKeys.MinuteLifetime.TotalSeconds, (long)TokenQuotaKeys.DayLifetime.TotalSeconds,
            ]))!;
        return new((AdmissionVerdict)(int)reply[0], (long)reply[1], DateTimeOffset.FromUnixTimeMilliseconds((long)reply[2]),
            (long)reply[3], (long)reply[4]);
    }
}
