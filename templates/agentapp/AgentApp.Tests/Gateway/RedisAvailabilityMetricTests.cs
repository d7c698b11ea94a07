using System.Diagnostics.Metrics;
using System.Net;
using AgentApp.Gateway.RedisStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// Readiness stays up while Redis is away (Degraded), so the outage must show elsewhere: the gauge
/// <c>agentapp.gateway.redis.available</c> follows the rate-limit store through an outage and back.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class RedisAvailabilityMetricTests(EdgeFixture fixture)
{
    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task The_gauge_is_1_while_the_rate_limit_store_answers_0_while_it_is_away_and_1_again_when_it_returns(RedisServerKind server)
    {
        var redis = RedisTestServers.Start(server);
        var settings = fixture.Settings();
        settings["ConnectionStrings:cache"] = redis.ConnectionString;
        using var gateway = new GatewayInstance(settings);
        using var client = gateway.CreateClient();
        using var gauge = new MetricCollector<int>(gateway.Services.GetRequiredService<IMeterFactory>(),
            RateLimitStoreAvailability.MeterName, RateLimitStoreAvailability.GaugeName);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(1, Latest(gauge));

            redis.Dispose();
            await Poll.UntilAsync(async () => await CheckedAsync(client, gauge) == 0, "the gauge to say 0 once Redis stopped");
            using (var health = await client.GetAsync("/health"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
            }

            redis = redis.StartAgain();
            await Poll.UntilAsync(async () => await CheckedAsync(client, gauge) == 1, "the gauge to say 1 once Redis is back", TimeSpan.FromSeconds(60));
        }
        finally
        {
            redis.Dispose();
        }
    }

    private static async Task<int?> CheckedAsync(HttpClient client, MetricCollector<int> gauge)
    {
        using var health = await client.GetAsync("/health");
        return Latest(gauge);
    }

    private static int? Latest(MetricCollector<int> gauge)
    {
        gauge.RecordObservableInstruments();
        return gauge.LastMeasurement?.Value;
    }
}
