using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.RateLimiting;

/// <summary>
/// A tenant's concurrent-stream slots in Redis, shared by every replica: a sorted set of leases scored by when they
/// expire. RedisRateLimiting's concurrency limiter drops any lease older than a fixed 60 s, so a longer stream lost its
/// slot; here a lease is renewed every third of <c>leaseTtl</c> while its stream is open and removed when it ends or is
/// aborted. A replica that dies stops renewing, and its slots come free one <c>leaseTtl</c> later.
/// </summary>
public sealed class RedisStreamSlotLimiter(IConnectionMultiplexer redis, string key, int permitLimit, TimeSpan leaseTtl, TimeProvider time)
    : RateLimiter
{
    // Drop expired leases, then take a slot if one is free. ARGV: now (ms), expiry (ms), limit, lease id, key ttl (ms).
    internal const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          return 1
        end
        return 0
        """;

    private static readonly RateLimitLease s_refused = new Outcome(acquired: false), s_probe = new Outcome(acquired: true);
    private readonly IConnectionMultiplexer _redis = redis;
    private readonly RedisKey _key = key;
    private readonly TimeSpan _leaseTtl = leaseTtl;
    private readonly TimeProvider _time = time;

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// Refuses without asking Redis: an answer from Redis cannot come without blocking a thread, and the rate-limiting
    /// middleware follows a refused attempt with <see cref="RateLimiter.AcquireAsync"/> (RedisRateLimiting's limiters do
    /// the same). Asking here cost every stream a blocked thread-pool thread and, in the chain, a slot taken and handed
    /// back while the token bucket refused its own synchronous attempt.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => s_refused;

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0)
        {
            // A probe takes nothing, so it holds nothing.
            return s_probe;
        }

        var (id, args) = Request(permitCount);
        return (int)await _redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [_key], args) == 1 ? Lease(id) : s_refused;
    }

    private (string Id, RedisValue[] Args) Request(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1);
        var id = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return (id, [now, now + (long)_leaseTtl.TotalMilliseconds, permitLimit, id, (long)(_leaseTtl * 2).TotalMilliseconds]);
    }

    private RateLimitLease Lease(string id) => new Held(this, id);

    /// <summary>A held slot: renewed on a timer until disposed, then removed.</summary>
    private sealed class Held : RateLimitLease
    {
        private readonly RedisStreamSlotLimiter _owner;
        private readonly string _id;
        private readonly ITimer _renewal;
        private int _disposed;

        public Held(RedisStreamSlotLimiter owner, string id)
        {
            _owner = owner;
            _id = id;
            var every = owner._leaseTtl / 3;
            _renewal = owner._time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
        }

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            _renewal.Dispose();
            // Fire and forget: the request is over; should this be lost, the lease expires on its own.
            _owner._redis.GetDatabase().SortedSetRemove(_owner._key, _id, CommandFlags.FireAndForget);
        }

        private async Task RenewAsync()
        {
            try
            {
                var expiry = _owner._time.GetUtcNow().Add(_owner._leaseTtl).ToUnixTimeMilliseconds();
                // XX: only a lease still present is extended; one already released stays released.
                await _owner._redis.GetDatabase().SortedSetUpdateAsync(_owner._key, _id, expiry, SortedSetWhen.Exists);
                await _owner._redis.GetDatabase().KeyExpireAsync(_owner._key, _owner._leaseTtl * 2);
            }
            catch (RedisException)
            {
                // Redis is unreachable: the next tick tries again, and the lease outlives a few missed ticks.
            }
        }
    }

    /// <summary>No slot free (or a probe, which holds nothing).</summary>
    private sealed class Outcome(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
