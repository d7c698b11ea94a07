using AgentApp.Contracts;
using AgentApp.Actors.Tasks;
using AgentApp.Actors.Tasks.Retention;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Moq;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// Retention with a short setting (one minute): a finished task and its workflow instances are purged when the reminder
/// comes due, counted by kind; a running or waiting task is never touched; a purge that cannot finish is tried again.
/// </summary>
public sealed class TaskRetentionTests
{
    private static readonly TaskRetentionOptions s_short = new() { FinishedTasks = TimeSpan.FromMinutes(1), RetryPeriod = TimeSpan.FromSeconds(10) };

    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_finished_task_is_kept_until_due_then_purged_and_counted()
    {
        var id = "t" + new string('1', 32);
        var (task, purged) = Standalone(id);
        task.Workflows.Setup(w => w.PurgeAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(1);
        await task.Actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));
        await task.Actor.StartAsync(new StartTaskRequest("w"));
        await task.Actor.CompleteAsync(new CompleteTaskRequest(true, "done", null));

        var reminder = task.Reminders[TaskRetention.ReminderName];
        Assert.Equal((s_short.FinishedTasks, s_short.RetryPeriod), (reminder.DueTime, reminder.Period));

        _clock.Now += TimeSpan.FromSeconds(30);   // fired early (a clock skew between sidecar and app): not due, kept
        await FireAsync(task);
        Assert.NotNull(await task.Actor.GetAsync("t1"));

        _clock.Now += TimeSpan.FromSeconds(31);
        await FireAsync(task);

        Assert.Null(await task.Actor.GetAsync("t1"));
        Assert.Empty(task.State);
        Assert.Empty(task.Reminders);
        // Its workflow first (only the run: it never waited for approval), then the task.
        Assert.Equal(["workflow_instance", "task"], purged.GetMeasurementSnapshot().Select(m => (string)m.Tags["kind"]!));
        task.Workflows.Verify(w => w.PurgeAsync(id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_cancelled_task_that_waited_for_approval_is_purged_with_its_workflow_instances()
    {
        var id = "t" + new string('2', 32);
        var (task, purged) = Standalone(id);
        task.Workflows.Setup(w => w.PurgeAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(2);
        await WaitingForApprovalAsync(task);
        await task.Actor.CancelAsync(new CancelTaskRequest("t1", "rejected by ana"));

        _clock.Now += TimeSpan.FromMinutes(2);
        await FireAsync(task);

        Assert.Empty(task.State);
        task.Workflows.Verify(w => w.PurgeAsync(id, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal([("workflow_instance", 2L), ("task", 1L)], purged.GetMeasurementSnapshot().Select(m => ((string)m.Tags["kind"]!, m.Value)));
    }

    [Fact]
    public async Task Running_and_waiting_tasks_register_no_reminder_and_a_stray_one_leaves_them_untouched()
    {
        var (running, _) = Standalone("t" + new string('3', 32));
        await running.Actor.CreateAsync(new CreateTaskRequest("t1", "long job", null, null));
        await running.Actor.StartAsync(new StartTaskRequest("w"));
        var (waiting, purged) = Standalone("t" + new string('4', 32));
        await WaitingForApprovalAsync(waiting);
        var before = (running.State[TaskActor.StateKey], waiting.State[TaskActor.StateKey]);

        Assert.Empty(running.Reminders);
        Assert.Empty(waiting.Reminders);
        _clock.Now += TimeSpan.FromDays(400);
        await running.Actor.ReceiveReminderAsync(TaskRetention.ReminderName, [], s_short.FinishedTasks, s_short.RetryPeriod);
        await waiting.Actor.ReceiveReminderAsync(TaskRetention.ReminderName, [], s_short.FinishedTasks, s_short.RetryPeriod);

        Assert.Equal(before, (running.State[TaskActor.StateKey], waiting.State[TaskActor.StateKey]));
        Assert.Equal(AgentTaskStatus.Running, (await running.Actor.GetAsync("t1"))?.Status);
        waiting.Workflows.VerifyNoOtherCalls();
        Assert.Empty(purged.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_workflow_instance_that_cannot_be_purged_yet_keeps_the_task_until_the_next_try()
    {
        var id = "t" + new string('5', 32);
        var (task, _) = Standalone(id);
        task.Workflows.SetupSequence(w => w.PurgeAsync(id, It.IsAny<CancellationToken>()))
            .ReturnsAsync((int?)null)                                            // still running
            .ThrowsAsync(new HttpRequestException("the workflow host is away"))
            .ReturnsAsync(2);
        await WaitingForApprovalAsync(task);
        await task.Actor.CancelAsync(new CancelTaskRequest("t1", "cancelled"));
        _clock.Now += TimeSpan.FromMinutes(2);

        await FireAsync(task);
        Assert.NotNull(await task.Actor.GetAsync("t1"));
        Assert.Contains(TaskRetention.ReminderName, task.Reminders.Keys);
        await FireAsync(task);
        Assert.NotNull(await task.Actor.GetAsync("t1"));

        await FireAsync(task);
        Assert.Null(await task.Actor.GetAsync("t1"));
        Assert.Empty(task.Reminders);
    }

    [Fact]
    public async Task With_retention_off_finished_tasks_are_kept_forever()
    {
        var (task, _) = Standalone("t" + new string('6', 32), new TaskRetentionOptions { FinishedTasks = TimeSpan.Zero });
        await task.Actor.CreateAsync(new CreateTaskRequest("t1", "do it", null, null));
        await task.Actor.CompleteAsync(new CompleteTaskRequest(false, null, "boom"));

        Assert.Empty(task.Reminders);
        _clock.Now += TimeSpan.FromDays(4000);
        await task.Actor.ReceiveReminderAsync(TaskRetention.ReminderName, [], TimeSpan.Zero, TimeSpan.Zero);
        Assert.Equal(AgentTaskStatus.Failed, (await task.Actor.GetAsync("t1"))?.Status);
    }

    private (StandaloneTaskActor Task, MetricCollector<long> Purged) Standalone(string id, TaskRetentionOptions? options = null)
    {
        var task = new StandaloneTaskActor(id, _clock, options ?? s_short);
        return (task, new MetricCollector<long>(task.Meters, TaskRetention.MeterName, TaskRetention.PurgedName));
    }

    private static async Task WaitingForApprovalAsync(StandaloneTaskActor task)
    {
        await task.Actor.CreateAsync(new CreateTaskRequest("t1", "mail ana", null, null));
        await task.Actor.StartAsync(new StartTaskRequest("w"));
        Assert.NotNull(await task.Actor.RequestApprovalAsync(new ToolCallForApproval("r1", "c1", "send_email", "{}")));
    }

    // As daprd does: the reminder's own name and registration come back to the actor.
    private static Task FireAsync(StandaloneTaskActor task)
    {
        var reminder = task.Reminders[TaskRetention.ReminderName];
        return task.Actor.ReceiveReminderAsync(reminder.Name, reminder.State, reminder.DueTime, reminder.Period);
    }
}
