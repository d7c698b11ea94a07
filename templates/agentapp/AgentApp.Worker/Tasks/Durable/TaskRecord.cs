using AgentApp.Contracts;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Telemetry;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// A task's record as the workflow's activities keep it: the task actor (what <c>GET /v1/tasks/{id}</c> and its event
/// stream read), for each step recorded there an event on the events topic, and the task metrics. Each method returns
/// false when the task had moved on (cancelled, or already final), which the workflow takes as "stop here".
/// </summary>
public sealed partial class TaskRecord(TaskActorSidecar actors, TaskEventProducer events, TaskWorkerMetrics metrics, TimeProvider time,
    ILogger<TaskRecord> logger)
{
    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Claims the task (status running); a task already final, or waiting for a person, is skipped.</summary>
    public async Task<bool> StartAsync(string taskId)
    {
        var start = await Actor(taskId).StartAsync(new StartTaskRequest(_worker));
        if (!start.Run)
        {
            LogSkipped(taskId, start.Status ?? "unknown");
            return false;
        }

        metrics.Started();
        return await PublishAsync(taskId, start.Step, AgentTaskStatus.Running);
    }

    /// <summary>Records one step of a running task.</summary>
    public async Task<bool> StepAsync(string taskId, string kind, string detail) =>
        await PublishAsync(taskId, await Actor(taskId).RecordStepAsync(new RecordStepRequest(kind, detail)), AgentTaskStatus.Running);

    /// <summary>Records a failed attempt that will be tried again.</summary>
    public async Task<bool> RetryAsync(string taskId, string detail)
    {
        metrics.Retried();
        return await StepAsync(taskId, TaskStepKinds.Retry, detail);
    }

    /// <summary>
    /// Ends the task succeeded with <paramref name="result"/>, counted with its duration since <paramref name="startedAt"/>;
    /// false when it had ended otherwise (cancelled meanwhile). Repeatable: a task already succeeded (a run cut off after
    /// recording it) has its final step published again, so its event is not lost.
    /// </summary>
    public async Task<bool> SucceedAsync(string taskId, string tenant, string? result, DateTimeOffset startedAt)
    {
        var actor = Actor(taskId);
        if (await actor.CompleteAsync(new CompleteTaskRequest(true, result, null)) is { } done)
        {
            metrics.Succeeded(time.GetUtcNow() - startedAt);
            return await PublishAsync(taskId, done, AgentTaskStatus.Succeeded);
        }

        return await PublishAsync(taskId, await FinalStepAsync(actor, tenant, AgentTaskStatus.Succeeded), AgentTaskStatus.Succeeded);
    }

    /// <summary>The last step of a task that has already ended with <paramref name="status"/>; null when it has not.</summary>
    public static async Task<AgentTaskStep?> FinalStepAsync(ITaskActor actor, string tenant, string status) =>
        await actor.GetAsync(tenant) is { } view && view.Status == status ? view.Steps.LastOrDefault() : null;

    /// <summary>Records a named agent's turn of a running task, with what the turn used.</summary>
    public async Task<bool> AgentTurnAsync(string taskId, string agent, string detail, AgentTurnUsage usage) =>
        await PublishAsync(taskId, await Actor(taskId).RecordStepAsync(new RecordStepRequest(TaskStepKinds.Agent, detail, agent)), AgentTaskStatus.Running, usage);

    /// <summary>Ends the task succeeded or failed.</summary>
    public async Task<bool> CompleteAsync(string taskId, CompleteTaskRequest request, string status) =>
        await PublishAsync(taskId, await Actor(taskId).CompleteAsync(request), status);

    /// <summary>Parks the task until a person decides on <paramref name="call"/>.</summary>
    public async Task<bool> RequestApprovalAsync(string taskId, ToolCall call)
    {
        var waiting = await PublishAsync(taskId, await Actor(taskId).RequestApprovalAsync(
            new ToolCallForApproval($"approval-{call.CallId}", call.CallId, call.Name, call.ArgumentsJson)), AgentTaskStatus.WaitingApproval);
        if (waiting)
        {
            LogWaitingApproval(taskId, call.Name);
        }

        return waiting;
    }

    /// <summary>Records a person's approval (the task is queued until it starts again).</summary>
    public async Task<bool> ApproveAsync(string taskId, ApproveTaskRequest request)
    {
        var approved = await Actor(taskId).ApproveAsync(request);
        return approved.Continue && (approved.Step is null || await PublishAsync(taskId, approved.Step, AgentTaskStatus.Queued));
    }

    /// <summary>Discards the pending call.</summary>
    public async Task<bool> CompensateAsync(string taskId, string reason) =>
        await PublishAsync(taskId, await Actor(taskId).CompensateAsync(new CompensateTaskRequest(reason)), AgentTaskStatus.WaitingApproval);

    /// <summary>Ends the task cancelled.</summary>
    public async Task<bool> CancelAsync(string taskId, CancelTaskRequest request) =>
        await PublishAsync(taskId, (await Actor(taskId).CancelAsync(request)).Step, AgentTaskStatus.Cancelled);

    /// <summary>Says that the run of a cancelled task stopped.</summary>
    public void Stopped(string taskId) => LogCancelled(taskId);

    private ITaskActor Actor(string taskId) => actors.For(taskId, CancellationToken.None);

    private async Task<bool> PublishAsync(string taskId, AgentTaskStep? step, string status, AgentTurnUsage? usage = null)
    {
        if (step is null)
        {
            return false;
        }

        await events.PublishAsync(taskId, step, status, CancellationToken.None, usage);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} is already {Status}: skipped")]
    private partial void LogSkipped(string taskId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} was cancelled: stopped")]
    private partial void LogCancelled(string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} waits for approval of {Tool}")]
    private partial void LogWaitingApproval(string taskId, string tool);
}
