using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentApp.Actors.Sidecar;
using AgentApp.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AgentApp.Tests.Dapr;

/// <summary>
/// The actors service starts and stays ready with no sidecar at all, and stays quiet: one warning with the fix, no
/// error; once the sidecar's port accepts connections it says that actor calls can arrive.
/// </summary>
public sealed class ActorsWithoutSidecarTests
{
    [Fact]
    public async Task Without_a_sidecar_the_actors_service_is_healthy_warns_once_and_notices_when_one_appears()
    {
        var httpPort = Loopback.FreePort();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var factory = new ActorsFactory($"http://127.0.0.1:{httpPort}", clock);
        await using var actors = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = actors.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var health = await client.GetAsync("/health", cts.Token);
        var config = JsonNode.Parse(await client.GetStringAsync("/dapr/config", cts.Token))!;
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("TaskActor", config["entities"]!.AsArray().Select(e => e!.GetValue<string>()));

        // Several checks with no sidecar: one warning, and nothing at error level.
        await Poll.UntilAsync(() => Watch(logs).Any(e => e.Level == LogLevel.Warning), "the no-sidecar warning");
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(DaprSidecarWait.CheckInterval);
        }

        using var again = await client.GetAsync("/health", cts.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // The sidecar's port opens: the next check notices.
        using var sidecar = new TcpListener(IPAddress.Loopback, httpPort);
        sidecar.Start();
        await Poll.UntilAsync(() =>
        {
            clock.Advance(DaprSidecarWait.CheckInterval);
            return Watch(logs).Any(e => e.Message.Contains("actor calls can arrive", StringComparison.Ordinal));
        }, "the sidecar to be noticed");

        var before = logs.Entries.TakeWhile(e => !e.Message.Contains("actor calls can arrive", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(before, e => e.Level == LogLevel.Warning && e.Category == typeof(SidecarWatch).FullName);
        Assert.Contains("dapr init --slim", warning.Message);
        Assert.Contains("actors get no calls", warning.Message);
        Assert.DoesNotContain(before, e => e.Level >= LogLevel.Error);
    }

    private static IEnumerable<CapturingLoggerProvider.Entry> Watch(CapturingLoggerProvider logs) =>
        logs.Entries.Where(e => e.Category == typeof(SidecarWatch).FullName);
}
