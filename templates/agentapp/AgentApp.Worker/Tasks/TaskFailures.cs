using AgentApp.Contracts;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks.Durable;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// The one way a task fails for good, whatever failed (a model call after its retries, a refusal, a task handed back
/// too often, a message that is not a task): the message goes to the dead-letter topic with the reason, then the task is
/// marked failed in its actor, the failed step is published, and all of it is counted.
/// </summary>
public sealed partial class TaskFailures(TaskActorSidecar actors, TaskEventProducer events, TaskWorkerMetrics metrics, TimeProvider time,
    ILogger<TaskFailures> logger)
{
    /// <summary>
    /// Fails task <paramref name="taskId"/> with <paramref name="error"/>: <see cref="DeadLetterAsync"/>, then
    /// <see cref="MarkFailedAsync"/>. Throws when either could not be written (the caller retries; a second dead letter of
    /// the same task is harmless, and the actor records the failure once).
    /// </summary>
    /// <returns>False when the task had already ended (e.g. cancelled meanwhile): it stays as it was.</returns>
    public async Task<bool> FailAsync(Message<string, string> message, string taskId, string tenant, string error, DateTimeOffset startedAt)
    {
        await DeadLetterAsync(message, taskId, error);
        return await MarkFailedAsync(taskId, tenant, error, startedAt);
    }

    /// <summary>
    /// Copies <paramref name="message"/> to the dead-letter topic with <paramref name="error"/> and counts it: first, so a
    /// task marked failed always has its message there. <paramref name="taskId"/> is null for a message that is no task.
    /// </summary>
    public async Task DeadLetterAsync(Message<string, string> message, string? taskId, string error)
    {
        LogDeadLettered(taskId ?? "(not a task)", error);
        await events.DeadLetterAsync(message, taskId, error, CancellationToken.None);
        metrics.DeadLettered();
    }

    /// <summary>
    /// Marks the task failed, publishes the step and counts it with its duration since <paramref name="startedAt"/>; false
    /// when it had already ended otherwise. Repeatable: a task already failed (a run cut off after marking it) has its final
    /// step published again.
    /// </summary>
    public async Task<bool> MarkFailedAsync(string taskId, string tenant, string error, DateTimeOffset startedAt)
    {
        var actor = actors.For(taskId, CancellationToken.None);
        if (await actor.CompleteAsync(new CompleteTaskRequest(false, null, error)) is { } failed)
        {
            metrics.Failed(time.GetUtcNow() - startedAt);
        }
        else if (await TaskRecord.FinalStepAsync(actor, tenant, AgentTaskStatus.Failed) is not { } already)
        {
            return false;
        }
        else
        {
            failed = already;
        }

        await events.PublishAsync(taskId, failed, AgentTaskStatus.Failed, CancellationToken.None);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} dead-lettered and failed: {Error}")]
    private partial void LogDeadLettered(string taskId, string error);
}
