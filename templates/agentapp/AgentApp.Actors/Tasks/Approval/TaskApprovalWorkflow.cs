using AgentApp.Contracts;
using Dapr.Workflow;

namespace AgentApp.Actors.Tasks.Approval;

/// <summary>
/// Carries a task whose plan needs a person's approval: waits durably for the <see cref="TaskApprovalWorkflowNames.ApprovalEvent"/>
/// event up to the input's timeout. Approved → the task continues (queued again with the approval recorded, so the worker
/// makes the call). Rejected or timed out → compensate (discard the pending call) and cancel the task with the reason.
/// Deterministic: everything with effects is an activity, retried by the engine.
/// </summary>
public sealed class TaskApprovalWorkflow : Workflow<TaskApprovalInput, TaskApprovalOutcome>
{
    /// <summary>Activities retry with backoff: the actors, the sidecar or Kafka may be briefly away.</summary>
    public static readonly WorkflowTaskOptions Retry = new(new WorkflowRetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1)));

    /// <inheritdoc />
    public override async Task<TaskApprovalOutcome> RunAsync(WorkflowContext context, TaskApprovalInput input)
    {
        ApprovalEvent decision;
        try
        {
            decision = await context.WaitForExternalEventAsync<ApprovalEvent>(TaskApprovalWorkflowNames.ApprovalEvent, input.Timeout);
        }
        catch (TaskCanceledException)
        {
            // The durable timer fired first: nobody decided in time.
            var expired = $"nobody approved {input.ToolName} within {input.Timeout}";
            await CompensateAndCancelAsync(context, input, expired);
            return new TaskApprovalOutcome("timed_out", expired);
        }

        if (decision.Approved)
        {
            await context.CallActivityAsync(nameof(ContinueTaskActivity), new ContinueTaskInput(input.TaskId, decision.DecidedBy, decision.Comment), Retry);
            return new TaskApprovalOutcome("approved", $"{input.ToolName} approved by {decision.DecidedBy}");
        }

        var rejected = $"{input.ToolName} rejected by {decision.DecidedBy}" + (decision.Comment is { Length: > 0 } comment ? $": {comment}" : "");
        await CompensateAndCancelAsync(context, input, rejected);
        return new TaskApprovalOutcome("rejected", rejected);
    }

    private static async Task CompensateAndCancelAsync(WorkflowContext context, TaskApprovalInput input, string reason)
    {
        // Compensate first: once the call is discarded no later run can make it, whatever happens to the cancel.
        await context.CallActivityAsync(nameof(CompensateTaskActivity), new CompensateTaskInput(input.TaskId, reason), Retry);
        await context.CallActivityAsync(nameof(CancelTaskActivity), new CancelTaskInput(input.TaskId, input.Tenant, reason), Retry);
    }
}
