using System.Text.Json.Nodes;
using AgentApp.Actors.Sidecar;
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

        // It still tells daprd its actor types, for when one comes.
        var config = JsonNode.Parse(await client.GetStringAsync("/dapr/config"))!;
        Assert.Contains("TaskActor", config["entities"]!.AsArray().Select(e => e!.GetValue<string>()));

        await QuietSidecarWait.AssertAsync(client, httpPort, clock, logs, typeof(SidecarWatch).FullName!,
            noticed: "actor calls can arrive", meanwhile: "actors get no calls");
    }
}
