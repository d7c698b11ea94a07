using System.Net;
using AgentApp.Gateway.RateLimiting;
using StackExchange.Redis;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// Two gateway replicas on one Redis (Garnet, and real Redis where it is installed), a burst far over a tenant's limit from both at once: exact mode admits the limit
/// and at most one request more; batched mode admits at most its stated bound (limit + replicas × SyncBatch), and what it
/// admitted reaches Redis. The clock is stopped mid-window, so no refill can hide an overshoot.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class LimitConsistencyTests(EdgeFixture fixture)
{
    private const string Key = "consistency-key-0123456789abcdef";
    private const int Limit = 30, Attempts = 300, Replicas = 2, SyncBatch = 10;

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task Exact_mode_admits_the_limit_and_at_most_one_request_more_across_two_replicas(RedisServerKind server)
    {
        var (admitted, _, headers) = await BurstAsync(server, ("Gateway:Limits:Consistency", "Exact"));

        Assert.InRange(admitted, Limit, Limit + 1);
        // Every admitted answer says what is left, counting down without repeats.
        Assert.Equal(admitted, headers.Distinct().Count());
        Assert.Equal(0, headers.Min());
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task Batched_mode_stays_within_its_stated_overshoot_and_syncs_what_it_admitted_to_redis(RedisServerKind server)
    {
        var (admitted, tenant, _) = await BurstAsync(server, ("Gateway:Limits:Consistency", "Batched"),
            ("Gateway:Limits:SyncBatch", $"{SyncBatch}"), ("Gateway:Limits:SyncInterval", "00:00:00.050"));

        Assert.InRange(admitted, Limit, Limit + Replicas * SyncBatch);

        // Both replicas have synced: Redis counted every admission (the bucket is at Limit - admitted).
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Server(server).ConnectionString);
        var left = (long)await redis.GetDatabase().HashGetAsync(TenantLimitKeys.Requests(tenant), "t");
        Assert.Equal(Limit - admitted, left);
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_batched_replica_admits_within_its_batch_without_redis_and_syncs_the_batch_when_it_fills(RedisServerKind server)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Server(server).ConnectionString);
        var tenant = EdgeFixture.NewTenant("batch");
        var limits = new TenantLimits { RequestsPerMinute = Limit };
        var options = Microsoft.Extensions.Options.Options.Create(new AgentApp.Gateway.Forwarding.GatewayOptions
        {
            Limits = { Consistency = LimitConsistency.Batched, SyncBatch = SyncBatch, SyncInterval = TimeSpan.FromMinutes(1) },
        });
        var tenants = Microsoft.Extensions.Options.Options.Create(new TenantLimitsOptions { Tenants = { [tenant] = limits } });
        using var store = new BatchedLimitStore(redis, options, tenants, StoppedClock.MidMinute);
        long Left() => (long)redis.GetDatabase().HashGet(TenantLimitKeys.Requests(tenant), "t");

        // The first request asks Redis (no view yet); the next SyncBatch are counted here only.
        Assert.Equal(AdmissionVerdict.Admitted, (await store.AdmitAsync(tenant, limits, stream: false, checkQuota: false)).Verdict);
        for (var i = 0; i < SyncBatch; i++)
        {
            Assert.Equal(AdmissionVerdict.Admitted, (await store.AdmitAsync(tenant, limits, stream: false, checkQuota: false)).Verdict);
        }

        Assert.Equal(Limit - 1, Left());

        // The batch is full: this one is decided in Redis, carrying the batch along.
        var next = await store.AdmitAsync(tenant, limits, stream: false, checkQuota: false);
        Assert.Equal(AdmissionVerdict.Admitted, next.Verdict);
        Assert.Equal(Limit - SyncBatch - 2, Left());
        Assert.Equal(Limit - SyncBatch - 2, next.RequestsLeft);
    }

    private async Task<(int Admitted, string Tenant, List<long> Remaining)> BurstAsync(RedisServerKind server, params (string, string?)[] mode)
    {
        var tenant = EdgeFixture.NewTenant("consistency");
        var settings = fixture.SettingsOn(server, [.. EdgeFixture.Key("k", Key, tenant, ["conversations"]), ($"Tenants:{tenant}:RequestsPerMinute", $"{Limit}"), .. mode]);
        var remaining = new List<long>();
        var admitted = 0;
        {
            using var a = new GatewayInstance(settings, StoppedClock.MidMinute);
            using var b = new GatewayInstance(settings, StoppedClock.MidMinute);
            using var clientA = a.CreateClient();
            using var clientB = b.CreateClient();

            var responses = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/conversations/c{i}");
                request.Headers.Add("X-Api-Key", Key);
                using var response = await (i % 2 == 0 ? clientA : clientB).SendAsync(request);
                return (response.StatusCode, Remaining: long.Parse(response.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
            }));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{r.StatusCode}: {string.Join('\n', a.Errors.Concat(b.Errors))}"));
            admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            remaining.AddRange(responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Remaining));
        }

        // Disposing both replicas synced their last counts.
        return (admitted, tenant, remaining);
    }
}
