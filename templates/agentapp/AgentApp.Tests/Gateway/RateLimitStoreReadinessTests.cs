using System.Net;
using AgentApp.Tests.Support;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// A gateway that starts before its Redis is not ready: <c>/health</c> is 503 until the rate-limit store runs scripts,
/// so no load balancer sends it a first request that would be refused; once Redis answers, it is ready.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class RateLimitStoreReadinessTests(EdgeFixture fixture)
{
    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_gateway_started_before_redis_is_unready_until_redis_answers_then_ready(RedisServerKind server)
    {
        // A port and password a server will listen on later: nothing listens there yet.
        var later = RedisTestServers.Start(server);
        later.Dispose();
        var settings = fixture.Settings();
        settings["ConnectionStrings:cache"] = later.ConnectionString;
        using var gateway = new GatewayInstance(settings);
        using var client = gateway.CreateClient();

        using (var unready = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Equal("Unhealthy", await unready.Content.ReadAsStringAsync());
        }

        using var redis = later.StartAgain();
        await Poll.UntilAsync(async () =>
        {
            using var health = await client.GetAsync("/health");
            return health.StatusCode == HttpStatusCode.OK && await health.Content.ReadAsStringAsync() == "Healthy";
        }, "the gateway to be ready once Redis answers", TimeSpan.FromSeconds(60));
    }
}
