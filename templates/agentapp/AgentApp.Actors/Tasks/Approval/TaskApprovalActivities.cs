using AgentApp.Contracts;
using AgentApp.Messaging;
using Dapr.Workflow;

namespace AgentApp.Actors.Tasks.Approval;

/// <summary>Input of <see cref="ContinueTaskActivity"/>.</summary>
public sealed record ContinueTaskInput(string TaskId, string DecidedBy, string? Comment);

/// <summary>Input of <see cref="CompensateTaskActivity"/>.</summary>
public sealed record CompensateTaskInput(string TaskId, string Reason);

/// <summary>Input of <see cref="CancelTaskActivity"/>.</summary>
public sealed record CancelTaskInput(string TaskId, string Tenant, string Reason);

/// <summary>
/// Approved: records the approval in the task (status queued, the call marked approved) and enqueues the task again, so
/// a worker runs it and makes the approved call. Safe to repeat: a duplicate message is skipped by the worker once the
/// task is final, and the actor answers "continue" again until a worker picks it up.
/// </summary>
public sealed class ContinueTaskActivity(ITaskActors actors, ITaskQueue queue, TimeProvider time) : WorkflowActivity<ContinueTaskInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(WorkflowActivityContext context, ContinueTaskInput input)
    {
        var approved = await actors.For(input.TaskId).ApproveAsync(new ApproveTaskRequest(input.DecidedBy, input.Comment));
        if (!approved.Continue)
        {
            // Cancelled (or otherwise moved on) while waiting: nothing to continue.
            return false;
        }

        await queue.EnqueueAsync(new AgentTaskMessage(input.TaskId, approved.Tenant!, approved.Goal!, approved.ConversationId, time.GetUtcNow()),
            CancellationToken.None);
        return true;
    }
}

/// <summary>Rejected or timed out: discards the pending call so no run can ever make it.</summary>
public sealed class CompensateTaskActivity(ITaskActors actors) : WorkflowActivity<CompensateTaskInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(WorkflowActivityContext context, CompensateTaskInput input) =>
        await actors.For(input.TaskId).CompensateAsync(new CompensateTaskRequest(input.Reason)) is not null;
}

/// <summary>Marks the task cancelled with the reason (a task already final stays as it was).</summary>
public sealed class CancelTaskActivity(ITaskActors actors) : WorkflowActivity<CancelTaskInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(WorkflowActivityContext context, CancelTaskInput input) =>
        (await actors.For(input.TaskId).CancelAsync(new CancelTaskRequest(input.Tenant, input.Reason))).Cancelled;
}
