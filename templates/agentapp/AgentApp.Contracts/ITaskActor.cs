using Dapr.Actors;

namespace AgentApp.Contracts;

/// <summary>
/// One long-running agent task: its owner, status, progress and outcome, durable in the actor state store. The api creates
/// and reads it; workers claim, advance and finish it. Final states are final: a redelivered task is not run again.
/// </summary>
public interface ITaskActor : IActor
{
    /// <summary>Creates the task as <see cref="AgentTaskStatus.Queued"/>, or returns it unchanged when it exists.</summary>
    Task<CreateTaskResult> CreateAsync(CreateTaskRequest request);

    /// <summary>The task, when <paramref name="tenant"/> owns it; null when it is absent or another tenant's.</summary>
    Task<AgentTask?> GetAsync(string tenant);

    /// <summary>Marks the task running for an attempt, unless it is final (then the worker skips it).</summary>
    Task<StartTaskResult> StartAsync(StartTaskRequest request);

    /// <summary>Appends a progress step; returns it with its sequence number, or null when the task is final (cancelled: stop).</summary>
    Task<AgentTaskStep?> RecordStepAsync(RecordStepRequest request);

    /// <summary>Finishes the task; a task already final stays as it was. Returns the final step.</summary>
    Task<AgentTaskStep?> CompleteAsync(CompleteTaskRequest request);

    /// <summary>Cancels a queued, running or waiting task for its owner; a final task stays as it was.</summary>
    Task<CancelTaskResult> CancelAsync(CancelTaskRequest request);

    /// <summary>
    /// Parks a running task at a tool call that needs approval (status <see cref="AgentTaskStatus.WaitingApproval"/>);
    /// null when the task is no longer running (e.g. cancelled meanwhile).
    /// </summary>
    Task<AgentTaskStep?> RequestApprovalAsync(ToolCallForApproval call);

    /// <summary>Approves the waiting call and queues the task again; repeating it after success answers the same.</summary>
    Task<ApproveTaskResult> ApproveAsync(ApproveTaskRequest request);

    /// <summary>Discards a waiting call so no run can make it; harmless when there is none. Returns the step, if any.</summary>
    Task<AgentTaskStep?> CompensateAsync(CompensateTaskRequest request);
}
