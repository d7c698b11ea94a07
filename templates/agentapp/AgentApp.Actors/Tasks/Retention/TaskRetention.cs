using System.Diagnostics.Metrics;
using AgentApp.Contracts;
using Dapr.Workflow;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace AgentApp.Actors.Tasks.Retention;

/// <summary>
/// Retention of finished tasks: a task actor registers a reminder when its task finishes; when the reminder fires after
/// <see cref="TaskRetentionOptions.FinishedTasks"/>, the task's workflow instances are purged from the workflow engine
/// and then the task's state is removed. Each removal is counted on <c>agentapp.tasks.purged</c> by <c>kind</c>.
/// </summary>
public sealed partial class TaskRetention(IOptions<TaskRetentionOptions> options, IDaprWorkflowClient workflows, IMeterFactory meters,
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

    /// <summary>The workflow instances a task may have started.</summary>
    public static IReadOnlyList<string> WorkflowInstancesOf(string taskId) => [TaskApprovalWorkflowNames.InstanceIdFor(taskId)];

    /// <summary>Purges the task's workflow instances; false when one could not be purged yet (the task is kept until it can).</summary>
    public async Task<bool> PurgeWorkflowsAsync(string taskId, CancellationToken cancellationToken)
    {
        foreach (var instance in WorkflowInstancesOf(taskId))
        {
            try
            {
                if (await workflows.PurgeInstanceAsync(instance, cancellationToken))
                {
                    _purged.Add(1, new KeyValuePair<string, object?>("kind", "workflow_instance"));
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // Already gone (purged by an earlier attempt whose task removal failed).
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Still running (only finished instances can be purged) or the sidecar is away: the reminder comes back.
                PurgeFailed(logger, ex, instance, taskId, RetryPeriod);
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts a removed task.</summary>
    public void TaskPurged() => _purged.Add(1, new KeyValuePair<string, object?>("kind", "task"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not purge workflow instance {Instance} of finished task {TaskId}; trying again in {RetryPeriod}")]
    private static partial void PurgeFailed(ILogger logger, Exception exception, string instance, string taskId, TimeSpan retryPeriod);
}
