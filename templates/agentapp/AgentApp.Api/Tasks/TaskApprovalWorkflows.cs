using AgentApp.Contracts;
using AgentApp.Api.Dapr;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Tasks;

/// <summary>Hands a person's decision to the workflow that carries a waiting task.</summary>
public interface ITaskApprovalWorkflows
{
    /// <summary>Raises the approval event on task <paramref name="taskId"/>'s workflow; returns null, or why it could not (with the fix).</summary>
    Task<string?> RaiseAsync(string taskId, ApprovalEvent decision, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ITaskApprovalWorkflows"/> through the Dapr workflow client. The client waits forever for a sidecar, so every
/// call carries a token that ends after <see cref="TaskLifecycleOptions.WorkflowCallTimeout"/>, and the sidecar probe
/// answers first when the sidecar is plainly down.
/// </summary>
public sealed class DaprTaskApprovalWorkflows(IDaprWorkflowClient workflows, DaprSidecar sidecar, IOptions<TaskLifecycleOptions> options,
    ILogger<DaprTaskApprovalWorkflows> logger) : ITaskApprovalWorkflows
{
    /// <inheritdoc />
    public async Task<string?> RaiseAsync(string taskId, ApprovalEvent decision, CancellationToken cancellationToken)
    {
        if (!await sidecar.IsAvailableAsync(cancellationToken))
        {
            return Unavailable($"no Dapr sidecar answered at {sidecar.Endpoint}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        try
        {
            await workflows.RaiseEventAsync(TaskApprovalWorkflowNames.InstanceIdFor(taskId), TaskApprovalWorkflowNames.ApprovalEvent, decision,
                timeout.Token);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Raising the approval of task {TaskId} failed", taskId);
            return Unavailable($"the Dapr workflow engine did not take the decision within {options.Value.WorkflowCallTimeout.TotalSeconds:0.#} s ({ex.GetType().Name})");
        }
    }

    private static string Unavailable(string why) =>
        $"Task approvals are off: {why}. The decision was not recorded; try again. {DaprSidecar.InstallHint}";
}
