using AgentApp.Contracts;
using AgentApp.Worker.Messaging;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// A task's record as the workflow's activities keep it: the task actor (what <c>GET /v1/tasks/{id}</c> and its event
/// stream read) and, for each step recorded there, an event on the events topic. Each method returns false when the task
/// had moved on (cancelled, or already final), which the workflow takes as "stop here".
/// </summary>
public sealed class TaskRecord(TaskActors actors, TaskEventProducer events)
{
    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Claims the task (status running).</summary>
    public async Task<bool> StartAsync(string taskId)
    {
        var start = await Actor(taskId).StartAsync(new StartTaskRequest(_worker));
        return start.Run && await PublishAsync(taskId, start.Step, AgentTaskStatus.Running);
    }

    /// <summary>Records one step of a running task.</summary>
    public async Task<bool> StepAsync(string taskId, string kind, string detail) =>
        await PublishAsync(taskId, await Actor(taskId).RecordStepAsync(new RecordStepRequest(kind, detail)), AgentTaskStatus.Running);

    /// <summary>Records a named agent's turn of a running task, with what the turn used.</summary>
    public async Task<bool> AgentTurnAsync(string taskId, string agent, string detail, AgentTurnUsage usage) =>
        await PublishAsync(taskId, await Actor(taskId).RecordStepAsync(new RecordStepRequest(TaskStepKinds.Agent, detail, agent)), AgentTaskStatus.Running, usage);

    /// <summary>Ends the task succeeded or failed.</summary>
    public async Task<bool> CompleteAsync(string taskId, CompleteTaskRequest request, string status) =>
        await PublishAsync(taskId, await Actor(taskId).CompleteAsync(request), status);

    /// <summary>Parks the task until a person decides on <paramref name="call"/>.</summary>
    public async Task<bool> RequestApprovalAsync(string taskId, ToolCall call) =>
        await PublishAsync(taskId, await Actor(taskId).RequestApprovalAsync(
            new ToolCallForApproval($"approval-{call.CallId}", call.CallId, call.Name, call.ArgumentsJson)), AgentTaskStatus.WaitingApproval);

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
}
