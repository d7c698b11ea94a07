using AgentApp.Actors.Tasks;
using AgentApp.Contracts;
using Dapr.Actors.Runtime;

namespace AgentApp.Tests.Tasks;

/// <summary>The task actor alone (<see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/>): state is a mock.</summary>
public sealed class TaskActorTests
{
    private readonly Dictionary<string, StoredTask> _state;
    private readonly ManualClock _clock = new();
    private readonly TaskActor _actor;

    public TaskActorTests()
    {
        var standalone = new StandaloneTaskActor(TaskActorType.IdFor("t1", "k"), _clock);
        _state = standalone.State;
        _actor = standalone.Actor;
    }

    [Fact]
    public async Task A_created_task_is_queued_and_visible_only_to_its_tenant()
    {
        var created = await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", "c-1", "k"));

        Assert.True(created.Accepted);
        Assert.True(created.Created);
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal((AgentTaskStatus.Queued, "do it", "c-1", 0), (view.Status, view.Goal, view.ConversationId, view.Attempts));
        Assert.Equal(ManualClock.Start, view.CreatedAt);
        Assert.Null(await _actor.GetAsync("t2"));
    }

    [Fact]
    public async Task Creating_again_returns_the_task_unchanged_and_another_tenant_is_refused()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, "k"));
        await _actor.StartAsync(new StartTaskRequest("w"));

        var again = await _actor.CreateAsync(new CreateTaskRequest("t1", "do something else", null, "k"));
        var other = await _actor.CreateAsync(new CreateTaskRequest("t2", "mine", null, "k"));

        Assert.Equal((true, false, AgentTaskStatus.Running, "do it"), (again.Accepted, again.Created, again.Task!.Status, again.Task.Goal));
        Assert.Equal((false, false, null), (other.Accepted, other.Created, other.Task));
        Assert.Equal("t1", _state[TaskActor.StateKey].Owner);
    }

    [Fact]
    public async Task Runs_count_attempts_record_steps_in_sequence_and_finish()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));

        var first = await _actor.StartAsync(new StartTaskRequest("w1"));
        var retry = await _actor.RecordStepAsync(new RecordStepRequest("retry", "boom"));
        var second = await _actor.StartAsync(new StartTaskRequest("w1"));
        var tool = await _actor.RecordStepAsync(new RecordStepRequest("tool", "calculate"));
        _clock.Now += TimeSpan.FromSeconds(3);
        var done = await _actor.CompleteAsync(new CompleteTaskRequest(true, "4", null));

        Assert.Equal((true, AgentTaskStatus.Running, 1), (first.Run, first.Status, first.Attempts));
        Assert.Equal(2, second.Attempts);
        Assert.Equal([1, 2, 3, 4, 5], new[] { first.Step!, retry!, second.Step!, tool!, done! }.Select(s => s.Sequence));
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal((AgentTaskStatus.Succeeded, "4", (string?)null, 2), (view.Status, view.Result, view.Error, view.Attempts));
        Assert.Equal(["started", "retry", "started", "tool", "succeeded"], view.Steps.Select(s => s.Kind));
        Assert.Equal(ManualClock.Start + TimeSpan.FromSeconds(3), view.UpdatedAt);
    }

    [Fact]
    public async Task A_final_task_is_not_started_or_completed_again()
    {
        await _actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));
        await _actor.StartAsync(new StartTaskRequest("w1"));
        await _actor.CompleteAsync(new CompleteTaskRequest(false, null, "broken"));

        var redelivered = await _actor.StartAsync(new StartTaskRequest("w2"));
        var late = await _actor.CompleteAsync(new CompleteTaskRequest(true, "late", null));

        Assert.Equal((false, AgentTaskStatus.Failed, 1, (AgentTaskStep?)null), (redelivered.Run, redelivered.Status, redelivered.Attempts, redelivered.Step));
        Assert.Null(late);
        var view = await _actor.GetAsync("t1");
        Assert.NotNull(view);
        Assert.Equal((AgentTaskStatus.Failed, "broken", (string?)null, 2), (view.Status, view.Error, view.Result, view.Steps.Count));
    }

    [Fact]
    public async Task An_unknown_task_is_not_found_and_not_started()
    {
        Assert.Null(await _actor.GetAsync("t1"));
        Assert.False((await _actor.StartAsync(new StartTaskRequest("w"))).Run);
        Assert.Null(await _actor.CompleteAsync(new CompleteTaskRequest(true, "x", null)));
    }

    [Fact]
    public void Task_ids_follow_the_tenant_and_idempotency_key()
    {
        var id = TaskActorType.IdFor("t1", "key-1");

        Assert.True(TaskActorType.IsValidId(id));
        Assert.Equal(id, TaskActorType.IdFor("t1", "key-1"));
        Assert.NotEqual(id, TaskActorType.IdFor("t2", "key-1"));
        Assert.NotEqual(TaskActorType.IdFor("t1", null), TaskActorType.IdFor("t1", null));
        Assert.False(TaskActorType.IsValidId("../x"));
    }
}
