using AgentApp.Gateway.RateLimiting;
using StackExchange.Redis;

namespace AgentApp.Tests.Gateway.Redis;

/// <summary>
/// The admission script run directly on each server, beside a deliberately wrong double of it: the check that passes
/// the real script must fail the double on both servers, which proves each run executes the Lua on that server.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class RedisScriptConformanceTests(EdgeFixture fixture)
{
    private const int Slots = 2, Requests = 5;
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(30);

    // The double admits one stream too many and never drops expired leases (min and max swapped).
    private static readonly string s_wrongScript = AdmissionScript.Lua
        .Replace("'ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1]", "'ZREMRANGEBYSCORE', KEYS[2], ARGV[1], '-inf'", StringComparison.Ordinal)
        .Replace("redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[8])", "redis.call('ZCARD', KEYS[2]) > tonumber(ARGV[8])", StringComparison.Ordinal);

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task The_admission_script_holds_slots_and_requests_to_their_limits_and_frees_expired_leases_and_a_wrong_double_fails(RedisServerKind server)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Server(server).ConnectionString);
        var db = redis.GetDatabase();

        Assert.NotEqual(AdmissionScript.Lua, s_wrongScript);
        Assert.Null(await ViolationAsync(db, AdmissionScript.Lua));
        Assert.NotNull(await ViolationAsync(db, s_wrongScript));
    }

    /// <summary>What <paramref name="script"/> gets wrong, or null: two slots, then the leases expire; five requests a minute.</summary>
    private static async Task<string?> ViolationAsync(IDatabase db, string script)
    {
        var tenant = $"conformance-{Guid.NewGuid():N}";
        var limits = new TenantLimits { ConcurrentStreams = Slots, RequestsPerMinute = Requests };
        var start = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

        async Task<AdmissionVerdict> Ask(DateTimeOffset at, bool stream) => (await AdmissionScript.RunAsync(db,
            new AdmissionAsk(tenant, limits, at, Decide: true, stream ? Guid.NewGuid().ToString("N") : null, at + s_ttl, CheckQuota: false),
            s_ttl, script)).Verdict;

        var streams = new List<AdmissionVerdict>();
        for (var i = 0; i < Slots + 1; i++)
        {
            streams.Add(await Ask(start, stream: true));
        }

        if (streams.Count(v => v == AdmissionVerdict.Admitted) != Slots || streams[^1] != AdmissionVerdict.ConcurrentStreams)
        {
            return $"streams: {string.Join(", ", streams)} with {Slots} slots";
        }

        if (await Ask(start + s_ttl + TimeSpan.FromSeconds(1), stream: true) != AdmissionVerdict.Admitted)
        {
            return "no stream admitted after every lease expired";
        }

        if (await db.SortedSetLengthAsync(TenantLimitKeys.Streams(tenant)) != 1)
        {
            return "expired leases were kept";
        }

        // Three requests taken above (the refused stream took none); two more fit, the sixth is refused; a minute later
        // the bucket is whole again.
        var at = start + s_ttl + TimeSpan.FromSeconds(2);
        var verdicts = new[] { await Ask(at, false), await Ask(at, false), await Ask(at, false) };
        if (verdicts is not [AdmissionVerdict.Admitted, AdmissionVerdict.Admitted, AdmissionVerdict.RequestsPerMinute])
        {
            return $"requests: {string.Join(", ", verdicts)} with {Requests} a minute";
        }

        return await Ask(start + AdmissionScript.Period, false) == AdmissionVerdict.Admitted ? null : "the bucket did not refill";
    }
}
