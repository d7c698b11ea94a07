using System.Diagnostics.Metrics;
using AgentApp.Contracts;
using Microsoft.Extensions.Options;

namespace AgentApp.Actors.Tasks.Retention;

/// <summary>
/// Retention of finished tasks: a task actor registers a reminder when its task finishes; when the reminder fires after
/// <see cref="TaskRetentionOptions.FinishedTasks"/>, the task's workflow instances are purged from the workflow engine
/// and then the task's state is removed. Each removal is counted on <c>agentapp.tasks.purged</c> by <c>kind</c>.
/// </summary>
public sealed partial class TaskRetention(IOptions<TaskRetentionOptions> options, ITaskWorkflowPurge workflows, IMeterFactory meters,
    ILogger<TaskRetention> logger)
{
    /// <summary>The actor reminder's name.</summary>
    public const string ReminderName = "retention";

    /// <summary>The meter (under the app's prefix, so ServiceDefaults exports it).</summary>
    public const string MeterName = $"{TelemetryNames.Prefix}.Tasks.Retention";

    /// <summary>The counter of purged items, tagged <c>kind</c>: <c>task</c> or <c>workflow_instance</c>.</summary>
    public const string PurgedName = "agentapp.tasks.purged";

    private readonly Counter<long> _purged = meters.Create(MeterName).CreateCounter<long>(PurgedName, "{item}",
        "Finished tasks and their workflow instances removed by retention.");

    /// <summary>How long finished tasks are kept; none when they are kept forever.</summary>
    public TimeSpan? KeepFor => options.Value.FinishedTasks > TimeSpan.Zero ? options.Value.FinishedTasks : null;

    /// <summary>The reminder's period: how soon an unfinished purge is tried again.</summary>
    public TimeSpan RetryPeriod => options.Value.RetryPeriod;

    /// <summary>Purges the task's workflow instances; false when they could not be purged yet (the task is kept until they can).</summary>
    public async Task<bool> PurgeWorkflowsAsync(string taskId, CancellationToken cancellationToken)
    {
        try
        {
            if (await workflows.PurgeAsync(taskId, cancellationToken) is not { } purged)
            {
                return false;
            }

            if (purged > 0)
            {
                _purged.Add(purged, new KeyValuePair<string, object?>("kind", "workflow_instance"));
            }

            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The workflow host or the sidecar is away: the reminder comes back.
            PurgeFailed(logger, ex, taskId, RetryPeriod);
            return false;
        }
    }

    /// <summary>Counts a removed task.</summary>
    public void TaskPurged() => _purged.Add(1, new KeyValuePair<string, object?>("kind", "task"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not purge the workflow instances of finished task {TaskId}; trying again in {RetryPeriod}")]
    private static partial void PurgeFailed(ILogger logger, Exception exception, string taskId, TimeSpan retryPeriod);
}
