using AgentApp.Actors.Tasks;
using AgentApp.Contracts;

namespace AgentApp.Tests.Tasks;

/// <summary>Cancel and approval on the task actor alone; state is a mock.</summary>
public sealed class TaskLifecycleActorTests
{
    private static readonly ToolCallForApproval s_email = new("req-1", "call-1", "send_email", """{"to":"ana@example.com"}""");

    private readonly TaskActor _actor;

    public TaskLifecycleActorTests()
    {
        _actor = new StandaloneTaskActor(TaskActorType.IdFor("t1", null), new ManualClock()).Actor;
    }

    [Fact]
    public async Task A_queued_task_is_cancelled_once_for_its_owner_only()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));

        var other = await _actor.CancelAsync(new CancelTaskRequest("t2", "mine now"));
        var cancelled = await _actor.CancelAsync(new CancelTaskRequest("t1", "cancelled by ana"));
        var again = await _actor.CancelAsync(new CancelTaskRequest("t1", "twice"));

        Assert.Equal((false, false), (other.Found, other.Cancelled));
        Assert.Equal((true, true, AgentTaskStatus.Cancelled), (cancelled.Found, cancelled.Cancelled, cancelled.Status));
        Assert.Equal((1, "cancelled", "cancelled by ana", AgentTaskStatus.Cancelled),
            (cancelled.Step!.Sequence, cancelled.Step.Kind, cancelled.Step.Detail, cancelled.Step.Status));
        Assert.Equal((true, false, AgentTaskStatus.Cancelled, (AgentTaskStep?)null), (again.Found, again.Cancelled, again.Status, again.Step));
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal((AgentTaskStatus.Cancelled, "cancelled by ana", 1), (view.Status, view.Error, view.Steps.Count));
        Assert.False((await _actor.StartAsync(new StartTaskRequest("w"))).Run); // the worker never runs it
    }

    [Fact]
    public async Task A_running_task_cancelled_records_no_more_steps_and_cannot_complete()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));
        await _actor.StartAsync(new StartTaskRequest("w"));

        await _actor.CancelAsync(new CancelTaskRequest("t1", "stop"));

        Assert.Null(await _actor.RecordStepAsync(new RecordStepRequest("tool", "calculate")));
        Assert.Null(await _actor.CompleteAsync(new CompleteTaskRequest(true, "late", null)));
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal(["started", "cancelled"], view.Steps.Select(s => s.Kind));
        Assert.Equal((AgentTaskStatus.Cancelled, (string?)null), (view.Status, view.Result));
    }

    [Fact]
    public async Task Finished_tasks_cannot_be_cancelled()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));
        await _actor.StartAsync(new StartTaskRequest("w"));
        await _actor.CompleteAsync(new CompleteTaskRequest(true, "4", null));

        var cancel = await _actor.CancelAsync(new CancelTaskRequest("t1", "too late"));

        Assert.Equal((true, false, AgentTaskStatus.Succeeded), (cancel.Found, cancel.Cancelled, cancel.Status));
        Assert.Equal("4", (await _actor.GetAsync("t1"))?.Result);
    }

    [Fact]
    public async Task Approval_parks_the_task_and_an_approval_queues_it_with_the_call_for_the_next_run()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "mail ana", "c-1", null));
        await _actor.StartAsync(new StartTaskRequest("w"));

        var waiting = await _actor.RequestApprovalAsync(s_email);
        var stray = await _actor.StartAsync(new StartTaskRequest("w2"));
        var approved = await _actor.ApproveAsync(new ApproveTaskRequest("ana", "fine"));
        var retried = await _actor.ApproveAsync(new ApproveTaskRequest("ana", "fine"));
        var rerun = await _actor.StartAsync(new StartTaskRequest("w"));

        Assert.Equal((AgentTaskStatus.WaitingApproval, AgentTaskStatus.WaitingApproval), (waiting!.Kind, waiting.Status));
        Assert.False(stray.Run); // a redelivery does not run a task that waits for a person
        Assert.Equal((true, "t1", "mail ana", "c-1"), (approved.Continue, approved.Tenant, approved.Goal, approved.ConversationId));
        Assert.Equal(("approved", AgentTaskStatus.Queued, "send_email approved by ana: fine"), (approved.Step!.Kind, approved.Step.Status, approved.Step.Detail));
        Assert.Equal((true, (AgentTaskStep?)null), (retried.Continue, retried.Step)); // a retried activity enqueues again, records nothing
        Assert.True(rerun.Run);
        Assert.Equal(s_email, rerun.ApprovedCall);
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal(["started", "waiting_approval", "approved", "started"], view.Steps.Select(s => s.Kind));
        Assert.Equal([1, 2, 3, 4], view.Steps.Select(s => s.Sequence));
        Assert.Equal((ApprovalDecisions.Approved, "ana"), (view.Approval!.Decision, view.Approval.DecidedBy));
    }

    [Fact]
    public async Task Compensation_discards_the_waiting_call_once_and_approval_after_it_does_nothing()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "mail ana", null, null));
        await _actor.StartAsync(new StartTaskRequest("w"));
        await _actor.RequestApprovalAsync(s_email);

        var compensated = await _actor.CompensateAsync(new CompensateTaskRequest("send_email rejected by bo"));
        var twice = await _actor.CompensateAsync(new CompensateTaskRequest("again"));
        var late = await _actor.ApproveAsync(new ApproveTaskRequest("ana", null));

        Assert.Equal("compensated", compensated!.Kind);
        Assert.Contains("never ran: send_email rejected by bo", compensated.Detail);
        Assert.Null(twice);
        Assert.False(late.Continue);
        Assert.Equal(ApprovalDecisions.Discarded, (await _actor.GetAsync("t1"))?.Approval!.Decision);
    }

    [Fact]
    public async Task Cancelling_a_waiting_task_discards_its_call_so_the_workflow_has_nothing_left_to_do()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "mail ana", null, null));
        await _actor.StartAsync(new StartTaskRequest("w"));
        await _actor.RequestApprovalAsync(s_email);

        await _actor.CancelAsync(new CancelTaskRequest("t1", "cancelled by ana"));

        Assert.Null(await _actor.CompensateAsync(new CompensateTaskRequest("timed out")));
        Assert.False((await _actor.ApproveAsync(new ApproveTaskRequest("bo", null))).Continue);
        Assert.Null(await _actor.RequestApprovalAsync(s_email));
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal(["started", "waiting_approval", "cancelled"], view.Steps.Select(s => s.Kind));
        Assert.Equal(ApprovalDecisions.Discarded, view.Approval!.Decision);
    }
}
