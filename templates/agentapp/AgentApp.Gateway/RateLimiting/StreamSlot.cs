using StackExchange.Redis;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>
/// A concurrent-stream slot taken by <see cref="AdmissionScript"/>: a lease in the tenant's sorted set, renewed every
/// third of the lease TTL while the stream is open and removed when it ends or is aborted. A replica that dies stops
/// renewing, and its slots come free one TTL later; so a stream may last longer than the TTL, which bounds only how long
/// a dead replica's slots stay taken.
/// </summary>
public sealed class StreamSlot : IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKey _key;
    private readonly string _id;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ITimer _renewal;
    private int _disposed;

    /// <summary>Starts renewing lease <paramref name="id"/> of <paramref name="tenant"/>.</summary>
    public StreamSlot(IConnectionMultiplexer redis, string tenant, string id, TimeSpan ttl, TimeProvider time)
    {
        _redis = redis;
        _key = TenantLimitKeys.Streams(tenant);
        _id = id;
        _ttl = ttl;
        _time = time;
        var every = ttl / 3;
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
    }

    /// <summary>A new lease id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>Stops renewing and gives the slot back.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _renewal.Dispose();
        // Fire and forget: the request is over; should this be lost, the lease expires on its own.
        _redis.GetDatabase().SortedSetRemove(_key, _id, CommandFlags.FireAndForget);
    }

    private async Task RenewAsync()
    {
        try
        {
            var expiry = _time.GetUtcNow().Add(_ttl).ToUnixTimeMilliseconds();
            // XX: only a lease still present is extended; one already released stays released.
            await _redis.GetDatabase().SortedSetUpdateAsync(_key, _id, expiry, SortedSetWhen.Exists);
            await _redis.GetDatabase().KeyExpireAsync(_key, _ttl * 2);
        }
        catch (RedisException)
        {
            // Redis is unreachable: the next tick tries again, and the lease outlives a few missed ticks.
        }
    }
}
