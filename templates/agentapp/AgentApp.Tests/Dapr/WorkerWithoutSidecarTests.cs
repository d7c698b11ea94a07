using AgentApp.Contracts;
using AgentApp.DaprHosting;
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

        await QuietSidecarWait.AssertAsync(client, grpcPort, clock, logs, typeof(SidecarGatedWorkflowWorker).FullName!,
            noticed: "workflow worker is started", meanwhile: "workflows are off");
    }
}
