using System.Collections.Concurrent;
using AgentApp.Actors.Tasks.Approval;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Tests.Workflows;
using Dapr.Workflow;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// The approval workflow as the actors app registers it, run by the stock Dapr SDK on a real engine (in memory): durable
/// external event, durable timer, activity retries. Its activities reach mocked actors and a recording queue.
/// </summary>
public sealed class TaskApprovalWorkflowTests(WorkflowEngineFixture engine) : IClassFixture<WorkflowEngineFixture>, IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly Mock<ITaskActor> _actor = new();
    private readonly Mock<ITaskQueue> _queue = new();
    private WorkflowAppHost? _app;

    private WorkflowAppHost App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _actor.Setup(a => a.ApproveAsync(It.IsAny<ApproveTaskRequest>())).Callback(() => _calls.Enqueue("approve"))
            .ReturnsAsync(new ApproveTaskResult(true, "tenant-a", "mail ana", "c-1", null));
        _actor.Setup(a => a.CompensateAsync(It.IsAny<CompensateTaskRequest>())).Callback((CompensateTaskRequest r) => _calls.Enqueue($"compensate: {r.Reason}"))
            .ReturnsAsync(new AgentTaskStep(3, "compensated", "x", DateTimeOffset.UnixEpoch));
        _actor.Setup(a => a.CancelAsync(It.IsAny<CancelTaskRequest>())).Callback((CancelTaskRequest r) => _calls.Enqueue($"cancel: {r.Reason}"))
            .ReturnsAsync(new CancelTaskResult(true, true, "cancelled", null));
        _queue.Setup(q => q.EnqueueAsync(It.IsAny<AgentTaskMessage>(), It.IsAny<CancellationToken>()))
            .Callback((AgentTaskMessage m, CancellationToken _) => _calls.Enqueue($"enqueue: {m.TaskId} {m.Goal}"))
            .Returns(Task.CompletedTask);
        var actors = new Mock<ITaskActors>();
        actors.Setup(a => a.For(It.IsAny<string>())).Returns(_actor.Object);
        _app = await WorkflowAppHost.StartAsync(engine.Engine, builder =>
        {
            builder.AddTaskApprovalWorkflow();
            builder.Services.Replace(ServiceDescriptor.Singleton(actors.Object));
            builder.Services.Replace(ServiceDescriptor.Singleton(_queue.Object));
        }, new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = "127.0.0.1:9" });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Approved_continues_the_task_once_and_compensates_nothing()
    {
        var (id, input) = await StartAsync(TimeSpan.FromHours(2));

        await App.Client.RaiseEventAsync(id, TaskApprovalWorkflowNames.ApprovalEvent, new ApprovalEvent(true, "ana", "ok"));
        var state = await App.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("approved", state.ReadOutputAs<TaskApprovalOutcome>()!.Outcome);
        Assert.Equal(["approve", $"enqueue: {input.TaskId} mail ana"], _calls);
    }

    [Fact]
    public async Task A_decision_raised_before_the_workflow_waits_is_kept()
    {
        var input = Input(TimeSpan.FromHours(2));
        var id = TaskApprovalWorkflowNames.InstanceIdFor(input.TaskId);
        await App.Client.ScheduleNewWorkflowAsync(TaskApprovalWorkflowNames.Workflow, id, input);
        await App.Client.RaiseEventAsync(id, TaskApprovalWorkflowNames.ApprovalEvent, new ApprovalEvent(false, "bo", null));

        var state = await App.CompletionAsync(id);

        Assert.Equal("rejected", state.ReadOutputAs<TaskApprovalOutcome>()!.Outcome);
    }

    [Fact]
    public async Task Rejected_compensates_then_cancels_with_the_reason()
    {
        var (id, _) = await StartAsync(TimeSpan.FromHours(2));

        await App.Client.RaiseEventAsync(id, TaskApprovalWorkflowNames.ApprovalEvent, new ApprovalEvent(false, "bo", "not to her"));
        var outcome = (await App.CompletionAsync(id)).ReadOutputAs<TaskApprovalOutcome>()!;

        const string reason = "send_email rejected by bo: not to her";
        Assert.Equal(("rejected", reason), (outcome.Outcome, outcome.Detail));
        Assert.Equal([$"compensate: {reason}", $"cancel: {reason}"], _calls);
    }

    [Fact]
    public async Task Nobody_deciding_before_the_durable_timer_compensates_then_cancels_and_never_continues()
    {
        var (id, _) = await StartAsync(TimeSpan.FromMilliseconds(300));

        var outcome = (await App.CompletionAsync(id)).ReadOutputAs<TaskApprovalOutcome>()!;

        Assert.Equal("timed_out", outcome.Outcome);
        Assert.Equal(2, _calls.Count);
        Assert.StartsWith("compensate: nobody approved send_email within 00:00:00.3", _calls.First());
        Assert.StartsWith("cancel: ", _calls.Last());
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_failing_activity_is_retried_by_the_engine_until_it_succeeds()
    {
        _actor.SetupSequence(a => a.CompensateAsync(It.IsAny<CompensateTaskRequest>()))
            .ThrowsAsync(new InvalidOperationException("actors app restarting"))
            .ReturnsAsync(new AgentTaskStep(3, "compensated", "x", DateTimeOffset.UnixEpoch));
        var (id, _) = await StartAsync(TimeSpan.FromHours(2));

        await App.Client.RaiseEventAsync(id, TaskApprovalWorkflowNames.ApprovalEvent, new ApprovalEvent(false, "bo", null));
        var state = await App.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        _actor.Verify(a => a.CompensateAsync(It.IsAny<CompensateTaskRequest>()), Times.Exactly(2));
        _actor.Verify(a => a.CancelAsync(It.IsAny<CancelTaskRequest>()), Times.Once);
    }

    [Fact]
    public async Task Starting_a_running_instance_again_is_refused_as_daprd_refuses_it()
    {
        var (id, input) = await StartAsync(TimeSpan.FromHours(2));

        var refused = await Assert.ThrowsAnyAsync<RpcException>(() => App.Client.ScheduleNewWorkflowAsync(TaskApprovalWorkflowNames.Workflow, id, input));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        await App.Client.TerminateWorkflowAsync(id);
    }

    [Fact]
    public async Task Continuing_does_not_enqueue_a_task_that_moved_on_meanwhile()
    {
        _actor.Setup(a => a.ApproveAsync(It.IsAny<ApproveTaskRequest>())).ReturnsAsync(new ApproveTaskResult(false, null, null, null, null));
        var actors = new Mock<ITaskActors>();
        actors.Setup(a => a.For("t1")).Returns(_actor.Object);

        Assert.False(await new ContinueTaskActivity(actors.Object, _queue.Object, TimeProvider.System)
            .RunAsync(Mock.Of<WorkflowActivityContext>(), new ContinueTaskInput("t1", "ana", null)));
        _queue.VerifyNoOtherCalls();
    }

    private static TaskApprovalInput Input(TimeSpan timeout) => new($"t{Guid.NewGuid():N}", "tenant-a", "send_email", timeout);

    private async Task<(string Id, TaskApprovalInput Input)> StartAsync(TimeSpan timeout)
    {
        var input = Input(timeout);
        var id = TaskApprovalWorkflowNames.InstanceIdFor(input.TaskId);
        await App.Client.ScheduleNewWorkflowAsync(TaskApprovalWorkflowNames.Workflow, id, input);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.Client.WaitForWorkflowStartAsync(id, false, cts.Token);
        return (id, input);
    }
}
