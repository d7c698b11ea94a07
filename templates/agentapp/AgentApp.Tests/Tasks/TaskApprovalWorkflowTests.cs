using AgentApp.Actors.Tasks.Approval;
using AgentApp.Api.Tasks;
using AgentApp.Contracts;
using AgentApp.Messaging;
using Dapr.Workflow;
using Moq;

namespace AgentApp.Tests.Tasks;

/// <summary>The approval workflow's decisions against a mocked <see cref="WorkflowContext"/>, and its activities against mocked actors.</summary>
public sealed class TaskApprovalWorkflowTests
{
    private static readonly TaskApprovalInput s_input = new("t" + new string('a', 32), "tenant-a", "send_email", TimeSpan.FromHours(2));

    private readonly Mock<WorkflowContext> _context = new();
    private readonly List<(string Activity, object? Input)> _calls = [];

    public TaskApprovalWorkflowTests()
    {
        _context.Setup(c => c.CallActivityAsync(It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<WorkflowTaskOptions?>()))
            .Callback((string name, object? input, WorkflowTaskOptions? _) => _calls.Add((name, input)))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task Approved_continues_the_task_and_compensates_nothing()
    {
        Decide(new ApprovalEvent(true, "ana", "ok"));

        var outcome = await new TaskApprovalWorkflow().RunAsync(_context.Object, s_input);

        Assert.Equal("approved", outcome.Outcome);
        var (activity, input) = Assert.Single(_calls);
        Assert.Equal(nameof(ContinueTaskActivity), activity);
        Assert.Equal(new ContinueTaskInput(s_input.TaskId, "ana", "ok"), input);
        _context.Verify(c => c.WaitForExternalEventAsync<ApprovalEvent>("approval", TimeSpan.FromHours(2)), Times.Once);
    }

    [Fact]
    public async Task Rejected_compensates_then_cancels_with_the_reason()
    {
        Decide(new ApprovalEvent(false, "bo", "not to her"));

        var outcome = await new TaskApprovalWorkflow().RunAsync(_context.Object, s_input);

        const string reason = "send_email rejected by bo: not to her";
        Assert.Equal(("rejected", reason), (outcome.Outcome, outcome.Detail));
        Assert.Equal([nameof(CompensateTaskActivity), nameof(CancelTaskActivity)], _calls.Select(c => c.Activity));
        Assert.Equal(new CompensateTaskInput(s_input.TaskId, reason), _calls[0].Input);
        Assert.Equal(new CancelTaskInput(s_input.TaskId, "tenant-a", reason), _calls[1].Input);
    }

    [Fact]
    public async Task Timed_out_compensates_then_cancels_and_never_continues()
    {
        _context.Setup(c => c.WaitForExternalEventAsync<ApprovalEvent>("approval", It.IsAny<TimeSpan>()))
            .ThrowsAsync(new TaskCanceledException("timer fired"));

        var outcome = await new TaskApprovalWorkflow().RunAsync(_context.Object, s_input);

        Assert.Equal("timed_out", outcome.Outcome);
        Assert.Equal([nameof(CompensateTaskActivity), nameof(CancelTaskActivity)], _calls.Select(c => c.Activity));
        Assert.Contains("within 02:00:00", ((CancelTaskInput)_calls[1].Input!).Reason);
        _context.Verify(c => c.CallActivityAsync(nameof(ContinueTaskActivity), It.IsAny<ContinueTaskInput>(), It.IsAny<WorkflowTaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task Continuing_records_the_approval_and_enqueues_the_task_again_unless_it_moved_on()
    {
        var actor = new Mock<ITaskActor>();
        actor.SetupSequence(a => a.ApproveAsync(new ApproveTaskRequest("ana", "ok")))
            .ReturnsAsync(new ApproveTaskResult(true, "tenant-a", "mail ana", "c-1", null))
            .ReturnsAsync(new ApproveTaskResult(false, null, null, null, null));
        var actors = new Mock<ITaskActors>();
        actors.Setup(a => a.For(s_input.TaskId)).Returns(actor.Object);
        var queue = new Mock<ITaskQueue>();
        var activity = new ContinueTaskActivity(actors.Object, queue.Object, TimeProvider.System);

        Assert.True(await activity.RunAsync(Mock.Of<WorkflowActivityContext>(), new ContinueTaskInput(s_input.TaskId, "ana", "ok")));
        Assert.False(await activity.RunAsync(Mock.Of<WorkflowActivityContext>(), new ContinueTaskInput(s_input.TaskId, "ana", "ok")));

        queue.Verify(q => q.EnqueueAsync(It.Is<AgentTaskMessage>(m =>
            m.TaskId == s_input.TaskId && m.Tenant == "tenant-a" && m.Goal == "mail ana" && m.ConversationId == "c-1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Compensating_and_cancelling_go_to_the_task_actor()
    {
        var actor = new Mock<ITaskActor>();
        actor.Setup(a => a.CompensateAsync(new CompensateTaskRequest("why"))).ReturnsAsync(new AgentTaskStep(3, "compensated", "x", DateTimeOffset.UnixEpoch));
        actor.Setup(a => a.CancelAsync(new CancelTaskRequest("tenant-a", "why"))).ReturnsAsync(new CancelTaskResult(true, true, "cancelled", null));
        var actors = new Mock<ITaskActors>();
        actors.Setup(a => a.For(s_input.TaskId)).Returns(actor.Object);

        Assert.True(await new CompensateTaskActivity(actors.Object).RunAsync(Mock.Of<WorkflowActivityContext>(), new CompensateTaskInput(s_input.TaskId, "why")));
        Assert.True(await new CancelTaskActivity(actors.Object).RunAsync(Mock.Of<WorkflowActivityContext>(), new CancelTaskInput(s_input.TaskId, "tenant-a", "why")));

        actor.VerifyAll();
    }

    private void Decide(ApprovalEvent decision) =>
        _context.Setup(c => c.WaitForExternalEventAsync<ApprovalEvent>("approval", It.IsAny<TimeSpan>())).ReturnsAsync(decision);
}
