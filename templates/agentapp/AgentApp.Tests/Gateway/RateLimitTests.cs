using System.Net;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// Two gateway replicas on one Redis hold a tenant to one budget of requests and of streams: RedisRateLimiting's token
/// bucket and our stream slots, on Garnet and on real Redis.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class RateLimitTests(EdgeFixture fixture)
{
    private const string Key = "rate-key-0123456789abcdef";

    private (GatewayInstance, GatewayInstance) TwoReplicas(RedisServerKind server, string tenant, params (string, string?)[] limits)
    {
        var settings = fixture.SettingsOn(server, [.. EdgeFixture.Key("k", Key, tenant, ["chat", "tasks", "conversations"]), .. limits]);
        return (new GatewayInstance(settings), new GatewayInstance(settings));
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_tenant_gets_at_most_its_limit_across_two_replicas_and_the_rest_429(RedisServerKind server)
    {
        const int limit = 12, attempts = 60;
        var tenant = EdgeFixture.NewTenant("rate");
        var (a, b) = TwoReplicas(server, tenant, ($"Tenants:{tenant}:RequestsPerMinute", $"{limit}"));
        using var _a = a;
        using var _b = b;
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, attempts).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/conversations/c{i}");
            request.Headers.Add("X-Api-Key", Key);
            using var response = await (i % 2 == 0 ? clientA : clientB).SendAsync(request);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta,
                Limit: response.Headers.TryGetValues("RateLimit-Limit", out var l) ? l.Single() : null);
        }));

        Assert.False(responses.Any(r => (int)r.StatusCode >= 500), string.Join('\n', a.Errors.Concat(b.Errors)));
        Assert.Equal(limit, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.NotNull(r.RetryAfter);
            Assert.InRange(r.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            Assert.Equal($"{limit}", r.Limit);
        });
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_stream_asked_for_in_the_body_takes_a_stream_slot_like_one_asked_for_by_the_accept_header(RedisServerKind server)
    {
        var tenant = EdgeFixture.NewTenant("body");
        using var gateway = new GatewayInstance(fixture.SettingsOn(server,
            [.. EdgeFixture.Key("k", Key, tenant, ["chat"]), ($"Tenants:{tenant}:ConcurrentStreams", "1")]));
        using var client = gateway.CreateClient();
        var hold = Guid.NewGuid().ToString("N");
        try
        {
            using var first = await client.SendAsync(Stream(hold), HttpCompletionOption.ResponseHeadersRead);
            await fixture.Api.Opened(hold).WaitAsync(TimeSpan.FromSeconds(30));

            using var refused = await client.SendAsync(Completions("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}"""));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("concurrent streams", await refused.Content.ReadAsStringAsync());

            using var allowed = await client.SendAsync(Completions("""{"model":"m","messages":[],"stream":false}"""));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        finally
        {
            fixture.Api.Release(hold);
        }
    }

    private static HttpRequestMessage Stream(string hold)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/chat?hold={hold}") { Content = new StringContent("{}") };
        request.Headers.Add("X-Api-Key", Key);
        request.Headers.Add("Accept", "text/event-stream");
        return request;
    }

    private static HttpRequestMessage Completions(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", Key);
        return request;
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task Concurrent_streams_are_limited_across_replicas_and_freed_when_a_stream_ends(RedisServerKind server)
    {
        var tenant = EdgeFixture.NewTenant("streams");
        var (a, b) = TwoReplicas(server, tenant, ($"Tenants:{tenant}:ConcurrentStreams", "2"));
        using var _a = a;
        using var _b = b;
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();
        var holds = new[] { Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N") };

        try
        {
            using var first = await clientA.SendAsync(Stream(holds[0]), HttpCompletionOption.ResponseHeadersRead);
            using var second = await clientB.SendAsync(Stream(holds[1]), HttpCompletionOption.ResponseHeadersRead);
            await Task.WhenAll(fixture.Api.Opened(holds[0]), fixture.Api.Opened(holds[1])).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);

            using var third = await clientA.SendAsync(Stream("never"), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(third.StatusCode == HttpStatusCode.TooManyRequests, $"{third.StatusCode}: {string.Join('\n', a.Errors)}");
            Assert.NotNull(third.Headers.RetryAfter);

            fixture.Api.Release(holds[0]);
            Assert.Contains("event: done", await first.Content.ReadAsStringAsync());
        }
        finally
        {
            fixture.Api.Release(holds[0]);
            fixture.Api.Release(holds[1]);
        }
    }
}
