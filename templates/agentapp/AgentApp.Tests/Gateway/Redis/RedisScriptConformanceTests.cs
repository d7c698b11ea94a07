using AgentApp.Gateway.Edge.RateLimiting;
using StackExchange.Redis;

namespace AgentApp.Tests.Gateway.Redis;

/// <summary>
/// The stream-slot script run directly on each server, beside a deliberately wrong double of it: the check that passes
/// the real script must fail the double on both servers, which proves each run executes the Lua on that server.
/// </summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Gateway")]
public sealed class RedisScriptConformanceTests(EdgeFixture fixture)
{
    private const int Limit = 2;

    // The double admits one lease too many (<=) and never drops expired ones (min and max swapped).
    private const string WrongAcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], '-inf')
        if redis.call('ZCARD', KEYS[1]) <= tonumber(ARGV[3]) then
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          return 1
        end
        return 0
        """;

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task The_slot_script_holds_its_limit_and_frees_expired_leases_and_a_wrong_double_fails_the_same_check(RedisServerKind server)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Server(server).ConnectionString);
        var db = redis.GetDatabase();

        Assert.Null(await ViolationAsync(db, RedisStreamSlotLimiter.AcquireScript));
        Assert.NotNull(await ViolationAsync(db, WrongAcquireScript));
    }

    /// <summary>What <paramref name="script"/> gets wrong about slots, or null: a limit of two, then the leases expire.</summary>
    private static async Task<string?> ViolationAsync(IDatabase db, string script)
    {
        RedisKey key = $"gateway:streams:conformance-{Guid.NewGuid():N}";
        const long now = 1_000_000, ttl = 30_000;

        async Task<bool> Acquire(long at) =>
            (int)await db.ScriptEvaluateAsync(script, [key], [at, at + ttl, Limit, Guid.NewGuid().ToString("N"), ttl * 2]) == 1;

        var granted = 0;
        for (var i = 0; i < Limit + 1; i++)
        {
            granted += await Acquire(now) ? 1 : 0;
        }

        if (granted != Limit)
        {
            return $"{granted} leases granted with a limit of {Limit}";
        }

        if (!await Acquire(now + ttl + 1))
        {
            return "no lease granted after every lease expired";
        }

        return await db.SortedSetLengthAsync(key) == 1 ? null : "expired leases were kept";
    }
}
