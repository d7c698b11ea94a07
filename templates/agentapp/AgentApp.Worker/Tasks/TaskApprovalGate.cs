using AgentApp.Contracts;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks;

/// <summary>Starts the workflow that carries a task while it waits for a person's approval.</summary>
public interface ITaskApprovalGate
{
    /// <summary>Starts the task's approval workflow; a second start for the same task is a no-op. Throws when the engine is unreachable.</summary>
    Task OpenAsync(TaskApprovalInput input, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ITaskApprovalGate"/> on the Dapr workflow engine. The instance id is derived from the task id, so a redelivered
/// task finds its workflow already running. Every call carries a timeout: without a sidecar the client would wait forever
/// and the task is handed back instead.
/// </summary>
public sealed class DaprTaskApprovalGate(IDaprWorkflowClient workflows, IOptions<TaskWorkerOptions> options) : ITaskApprovalGate
{
    /// <inheritdoc />
    public async Task OpenAsync(TaskApprovalInput input, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        var instanceId = TaskApprovalWorkflowNames.InstanceIdFor(input.TaskId);
        var existing = await workflows.GetWorkflowStateAsync(instanceId, false, timeout.Token);
        if (existing?.Exists == true)
        {
            return;
        }

        await workflows.ScheduleNewWorkflowAsync(TaskApprovalWorkflowNames.Workflow, instanceId, input, null, timeout.Token);
    }
}
