using System.Net;
using System.Net.Sockets;
using AgentApp.Contracts;
using AgentApp.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AgentApp.Tests.Dapr;

/// <summary>
/// The worker hosts the task workflows, yet starts and stays healthy with no sidecar at all, and stays quiet: one warning,
/// no error loop; Dapr's workflow worker starts once the sidecar's gRPC port accepts connections.
/// </summary>
public sealed class WorkerWithoutSidecarTests
{
    [Fact]
    public async Task Without_a_sidecar_the_worker_is_healthy_warns_once_and_starts_the_workflow_worker_when_one_appears()
    {
        var grpcPort = Loopback.FreePort();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        using var kafka = new KafkaMock(("agent-tasks", 1), ("agent-events", 1), ("agent-tasks-dlq", 1));
        await using var worker = new WorkerFactory(kafka.BootstrapServers, Loopback.ClosedPortUrl(), $"http://127.0.0.1:{grpcPort}")
        {
            ConfigureServices = services => services
                .AddSingleton<TimeProvider>(clock)
                .AddSingleton<ILoggerProvider>(logs),
        };
        using var client = worker.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var health = await client.GetAsync("/health", cts.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

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
        var warning = Assert.Single(beforeStart, e => e.Level == LogLevel.Warning && e.Category == typeof(SidecarGatedWorkflowWorker).FullName);
        Assert.Contains("dapr init --slim", warning.Message);
        Assert.DoesNotContain(beforeStart, e => e.Level >= LogLevel.Error);
    }

    private static IEnumerable<CapturingLoggerProvider.Entry> Gate(CapturingLoggerProvider logs) =>
        logs.Entries.Where(e => e.Category == typeof(SidecarGatedWorkflowWorker).FullName);
}
