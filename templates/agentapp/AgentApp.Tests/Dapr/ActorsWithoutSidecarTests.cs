using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentApp.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AgentApp.Tests.Dapr;

/// <summary>
/// The actors service hosts the approval workflow, yet starts and stays ready with no sidecar at all, and stays quiet:
/// one warning, no error loop; the workflow worker starts once the sidecar's gRPC port accepts connections.
/// </summary>
public sealed class ActorsWithoutSidecarTests
{
    [Fact]
    public async Task Without_a_sidecar_the_service_is_healthy_warns_once_and_starts_the_workflow_worker_when_one_appears()
    {
        var grpcPort = Loopback.FreePort();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var factory = new ActorsFactory(Loopback.ClosedPortUrl(), clock);
        await using var actors = factory.WithWebHostBuilder(b => b
            .UseSetting("DAPR_GRPC_ENDPOINT", $"http://127.0.0.1:{grpcPort}")
            .ConfigureLogging(l => l.AddProvider(logs)));
        using var client = actors.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var health = await client.GetAsync("/health", cts.Token);
        var config = JsonNode.Parse(await client.GetStringAsync("/dapr/config", cts.Token))!;
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("TaskActor", config["entities"]!.AsArray().Select(e => e!.GetValue<string>()));

        // Several checks with no sidecar: one warning, and nothing at error level.
        await Poll.UntilAsync(() => Gate(logs).Any(e => e.Level == LogLevel.Warning), "the no-sidecar warning");
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(SidecarGatedWorkflowWorker.CheckInterval);
        }

        using var again = await client.GetAsync("/health", cts.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // The sidecar's port opens: the next check starts Dapr's workflow worker.
        using var sidecar = new TcpListener(IPAddress.Loopback, grpcPort);
        sidecar.Start();
        await Poll.UntilAsync(() =>
        {
            clock.Advance(SidecarGatedWorkflowWorker.CheckInterval);
            return Gate(logs).Any(e => e.Message.Contains("workflow worker is started", StringComparison.Ordinal));
        }, "the workflow worker to start");

        var beforeStart = logs.Entries.TakeWhile(e => !e.Message.Contains("workflow worker is started", StringComparison.Ordinal)).ToList();
        Assert.Single(beforeStart, e => e.Level == LogLevel.Warning && e.Category == typeof(SidecarGatedWorkflowWorker).FullName);
        Assert.Contains("dapr init --slim", beforeStart.Single(e => e.Level == LogLevel.Warning && e.Category == typeof(SidecarGatedWorkflowWorker).FullName).Message);
        Assert.DoesNotContain(beforeStart, e => e.Level >= LogLevel.Error);
    }

    private static IEnumerable<CapturingLoggerProvider.Entry> Gate(CapturingLoggerProvider logs) =>
        logs.Entries.Where(e => e.Category == typeof(SidecarGatedWorkflowWorker).FullName);
}
