using Dapr.Actors;

namespace AgentApp.Actors.Contracts;

/// <summary>
/// One long-running agent task: its owner, status, progress and outcome, durable in the actor state store. The api creates
/// and reads it; workers claim, advance and finish it. Final states are final: a redelivered task is not run again.
/// </summary>
public interface ITaskActor : IActor
{
    /// <summary>Creates the task as <see cref="AgentTaskStatus.Queued"/>, or returns it unchanged when it exists.</summary>
    Task<CreateTaskResult> CreateAsync(CreateTaskRequest request);

    /// <summary>The task as <paramref name="tenant"/> may see it.</summary>
    Task<AgentTaskView> GetAsync(string tenant);

    /// <summary>Marks the task running for an attempt, unless it is final (then the worker skips it).</summary>
    Task<StartTaskResult> StartAsync(StartTaskRequest request);

    /// <summary>Appends a progress step; returns it with its sequence number.</summary>
    Task<AgentTaskStep> RecordStepAsync(RecordStepRequest request);

    /// <summary>Finishes the task; a task already final stays as it was. Returns the final step.</summary>
    Task<AgentTaskStep?> CompleteAsync(CompleteTaskRequest request);
}
