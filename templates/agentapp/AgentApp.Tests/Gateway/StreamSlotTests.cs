using System.Net;
using AgentApp.Gateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// Concurrent-stream slots outlive the lease window while their stream is open, come free when it ends or is aborted,
/// and expire when no replica renews them. Time is a fake clock: no test waits out a window.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class StreamSlotTests(EdgeFixture fixture) : IDisposable
{
    private const string Key = "slot-key-0123456789abcdef";
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(30);
    private ConnectionMultiplexer? _redis;
    private RedisServerKind _server;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_stream_open_for_three_lease_windows_keeps_its_slot_and_frees_it_when_it_ends(RedisServerKind server)
    {
        On(server);
        var tenant = EdgeFixture.NewTenant("long");
        using var gateway = Gateway(tenant);
        using var client = gateway.CreateClient();
        var hold = Guid.NewGuid().ToString("N");
        try
        {
            using var first = await client.SendAsync(Stream(hold), HttpCompletionOption.ResponseHeadersRead);
            await fixture.Api.Opened(hold).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

            // 90 s of fake time in renewal-sized steps; after each, the lease must have been pushed a full window ahead.
            for (var step = 0; step < 9; step++)
            {
                _clock.Advance(s_ttl / 3);
                var expected = _clock.GetUtcNow().Add(s_ttl).ToUnixTimeMilliseconds();
                await Poll.UntilAsync(() => Leases(tenant).SingleOrDefault().Score == expected, $"the lease renewed at step {step}");
            }

            using (var second = await client.SendAsync(Stream("never"), HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.True(second.StatusCode == HttpStatusCode.TooManyRequests, $"{second.StatusCode}: {string.Join('\n', gateway.Errors)}");
            }

            fixture.Api.Release(hold);
            Assert.Contains("event: done", await first.Content.ReadAsStringAsync());
            await Poll.UntilAsync(() => Leases(tenant).Length == 0, "the slot released when the stream ended");
            using var third = await client.SendAsync(Stream(Guid.NewGuid().ToString("N"), hold: false), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }
        finally
        {
            fixture.Api.Release(hold);
        }
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_stream_the_client_aborts_gives_its_slot_back(RedisServerKind server)
    {
        On(server);
        var tenant = EdgeFixture.NewTenant("abort");
        using var gateway = Gateway(tenant);
        using var client = gateway.CreateClient();
        var hold = Guid.NewGuid().ToString("N");
        using var hangUp = new CancellationTokenSource();
        try
        {
            var first = await client.SendAsync(Stream(hold), HttpCompletionOption.ResponseHeadersRead, hangUp.Token);
            await fixture.Api.Opened(hold).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Single(Leases(tenant));

            await hangUp.CancelAsync();
            first.Dispose();

            await Poll.UntilAsync(() => Leases(tenant).Length == 0, "the slot released after the client hung up");
            using var next = await client.SendAsync(Stream(Guid.NewGuid().ToString("N"), hold: false), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
        finally
        {
            fixture.Api.Release(hold);
        }
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_slot_no_replica_renews_expires_after_one_lease_window(RedisServerKind server)
    {
        var redis = On(server);
        var tenant = EdgeFixture.NewTenant("dead");
        var limits = new TenantLimits { ConcurrentStreams = 1 };
        var start = DateTimeOffset.UtcNow;
        // A replica that took the only slot and then died: its clock never moves again, so it never renews.
        var dead = Store(redis, new FakeTimeProvider(start));
        var held = await dead.AdmitAsync(tenant, limits, stream: true, checkQuota: false);
        Assert.Equal(AdmissionVerdict.Admitted, held.Verdict);

        var laterClock = new FakeTimeProvider(start + s_ttl / 2);
        var survivor = Store(redis, laterClock);
        var early = await survivor.AdmitAsync(tenant, limits, stream: true, checkQuota: false);
        Assert.Equal(AdmissionVerdict.ConcurrentStreams, early.Verdict);

        laterClock.Advance(s_ttl);
        var late = await survivor.AdmitAsync(tenant, limits, stream: true, checkQuota: false);
        Assert.Equal(AdmissionVerdict.Admitted, late.Verdict);
        late.Slot!.Dispose();
        GC.KeepAlive(held);
    }

    private static ExactLimitStore Store(IConnectionMultiplexer redis, TimeProvider clock) =>
        new(redis, Microsoft.Extensions.Options.Options.Create(new AgentApp.Gateway.Forwarding.GatewayOptions { StreamLeaseTtl = s_ttl }), clock);

    private ConnectionMultiplexer On(RedisServerKind server)
    {
        _server = server;
        return _redis = ConnectionMultiplexer.Connect(fixture.Server(server).ConnectionString);
    }

    private GatewayInstance Gateway(string tenant) => new(fixture.SettingsOn(_server, 
        [.. EdgeFixture.Key("k", Key, tenant, ["chat"]), ($"Tenants:{tenant}:ConcurrentStreams", "1"), ("Gateway:StreamLeaseTtl", s_ttl.ToString())]), _clock);

    private SortedSetEntry[] Leases(string tenant) =>
        _redis!.GetDatabase().SortedSetRangeByRankWithScores(TenantLimitKeys.Streams(tenant));

    private static HttpRequestMessage Stream(string id, bool hold = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, hold ? $"/v1/chat?hold={id}" : "/v1/chat") { Content = new StringContent("{}") };
        request.Headers.Add("X-Api-Key", Key);
        request.Headers.Add("Accept", "text/event-stream");
        return request;
    }

    /// <inheritdoc />
    public void Dispose() => _redis?.Dispose();
}
