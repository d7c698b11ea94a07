using System.Diagnostics.Metrics;
using AgentApp.Actors;
using AgentApp.Testing;
using AgentApp.Contracts;
using AgentApp.Actors.Tasks.Retention;
using Dapr.Actors.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Moq;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// Retention over the real actor protocol: the actors app with <c>Tasks:Retention:FinishedTasks</c> = one minute behind
/// the fake sidecar, which stores the reminders the task actors register and fires them as daprd's scheduler would.
/// Finished tasks go, with their workflow instances; running and waiting ones stay.
/// </summary>
public sealed class TaskRetentionContractTests : IAsyncLifetime
{
    private const string Tenant = "tenant-r";
    private readonly ManualClock _clock = new();
    private readonly Mock<ITaskWorkflowPurge> _workflows = new();
    private FakeDaprSidecar? _sidecar;
    private ActorsFactory? _actors;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ActorsEntryPoint>? _shortRetention;
    private ActorProxyFactory? _proxies;

    public async Task InitializeAsync()
    {
        _sidecar = await FakeDaprSidecar.StartAsync();
        _actors = new ActorsFactory(_sidecar.Endpoint, _clock);
        _shortRetention = _actors.WithWebHostBuilder(b =>
        {
            b.UseSetting("Tasks:Retention:FinishedTasks", "00:01:00");
            b.UseSetting("Tasks:Retention:RetryPeriod", "00:00:10");
            b.ConfigureTestServices(s => s.AddSingleton(_workflows.Object));
        });
        _sidecar.ConnectApp(_shortRetention.CreateClient());
        _proxies = new ActorProxyFactory(new ActorProxyOptions { HttpEndpoint = _sidecar.Endpoint });
    }

    public async Task DisposeAsync() => await Disposal.InOrderAsync(_shortRetention, _actors, _sidecar);

    [Fact]
    public async Task Finished_tasks_and_their_workflow_instances_are_purged_and_running_ones_are_untouched()
    {
        var sidecar = _sidecar!;
        using var purged = new MetricCollector<long>(_shortRetention!.Services.GetRequiredService<IMeterFactory>(), TaskRetention.MeterName, TaskRetention.PurgedName);
        var succeeded = await TaskAsync(started: true);
        await Actor(succeeded).CompleteAsync(new CompleteTaskRequest(true, "done", null));
        var rejected = await TaskAsync(started: true);
        await Actor(rejected).RequestApprovalAsync(new ToolCallForApproval("r1", "c1", "send_email", "{}"));
        await Actor(rejected).CancelAsync(new CancelTaskRequest(Tenant, "send_email rejected by bo"));
        _workflows.Setup(w => w.PurgeAsync(rejected, It.IsAny<CancellationToken>())).ReturnsAsync(2); // its run and its approval step
        _workflows.Setup(w => w.PurgeAsync(succeeded, It.IsAny<CancellationToken>())).ReturnsAsync(1);
        var running = await TaskAsync(started: true);
        var waiting = await TaskAsync(started: true);
        await Actor(waiting).RequestApprovalAsync(new ToolCallForApproval("r2", "c2", "send_email", "{}"));
        var queued = await TaskAsync(started: false);

        // Only the finished tasks asked to be reminded.
        Assert.Equal(new[] { rejected, succeeded }.Order(StringComparer.Ordinal), RemindedTasks(sidecar).Order(StringComparer.Ordinal));

        _clock.Now += TimeSpan.FromSeconds(59);
        await FireAsync(sidecar, succeeded);
        Assert.NotNull(await Actor(succeeded).GetAsync(Tenant));

        _clock.Now += TimeSpan.FromSeconds(2);
        await FireAsync(sidecar, succeeded);
        await FireAsync(sidecar, rejected);

        Assert.Null(await Actor(succeeded).GetAsync(Tenant));
        Assert.Null(await Actor(rejected).GetAsync(Tenant));
        Assert.DoesNotContain(sidecar.State.Keys, k => k.Contains(succeeded, StringComparison.Ordinal) || k.Contains(rejected, StringComparison.Ordinal));
        Assert.Empty(RemindedTasks(sidecar));
        _workflows.Verify(w => w.PurgeAsync(rejected, It.IsAny<CancellationToken>()), Times.Once);
        _workflows.Verify(w => w.PurgeAsync(succeeded, It.IsAny<CancellationToken>()), Times.Once);
        _workflows.VerifyNoOtherCalls();
        Assert.Equal([("task", 1L), ("task", 1L), ("workflow_instance", 1L), ("workflow_instance", 2L)],
            purged.GetMeasurementSnapshot().Select(m => ((string)m.Tags["kind"]!, m.Value)).Order());

        _clock.Now += TimeSpan.FromDays(365);
        Assert.Equal(AgentTaskStatus.Running, (await Actor(running).GetAsync(Tenant))?.Status);
        Assert.Equal(AgentTaskStatus.WaitingApproval, (await Actor(waiting).GetAsync(Tenant))?.Status);
        Assert.Equal(AgentTaskStatus.Queued, (await Actor(queued).GetAsync(Tenant))?.Status);
    }

    private ITaskActor Actor(string id) => TaskActorClient.For(_proxies!, id, CancellationToken.None);

    private async Task<string> TaskAsync(bool started)
    {
        var id = TaskActorType.IdFor(Tenant, null);
        Assert.True((await Actor(id).CreateAsync(new CreateTaskRequest(Tenant, "work", null, null, "ana"))).Created);
        if (started)
        {
            Assert.True((await Actor(id).StartAsync(new StartTaskRequest("w1"))).Run);
        }

        return id;
    }

    private static IEnumerable<string> RemindedTasks(FakeDaprSidecar sidecar) =>
        sidecar.Reminders.Keys.Where(k => k.EndsWith("||" + TaskRetention.ReminderName, StringComparison.Ordinal)).Select(k => k.Split("||")[1]);

    private static async Task FireAsync(FakeDaprSidecar sidecar, string id) =>
        Assert.Equal(200, await sidecar.FireReminderAsync(TaskActorType.Name, id, TaskRetention.ReminderName));
}
