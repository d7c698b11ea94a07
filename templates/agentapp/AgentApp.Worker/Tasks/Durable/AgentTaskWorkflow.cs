using AgentApp.Contracts;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// One agent task as one durable workflow: every model call and every tool call is an activity, so after a crash or a
/// redeploy the run resumes from its last completed step and no completed call runs again (the engine replays their
/// recorded results). A tool that needs approval waits in <see cref="TaskApprovalGateWorkflow"/>, a child workflow with a
/// durable timer; reject or time-out compensate and end the task cancelled. A task cancelled meanwhile stops at its next
/// recorded step. Deterministic: all effects are activities; the transcript lives in the workflow's own history.
/// </summary>
public sealed class AgentTaskWorkflow : Workflow<AgentTaskInput, AgentTaskOutcome>
{
    /// <summary>A model call: providers throttle and fail transiently, so retry with a generous backoff.</summary>
    public static readonly WorkflowTaskOptions ModelRetry = new(new WorkflowRetryPolicy(4, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(30)));

    /// <summary>A tool call: side effects, so fewer attempts; tools report bad input as a result, not an exception.</summary>
    public static readonly WorkflowTaskOptions ToolRetry = new(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(10)));

    /// <summary>The task's record (actor, events topic): only the sidecar or broker fails here, so retry longer.</summary>
    public static readonly WorkflowTaskOptions RecordRetry = new(new WorkflowRetryPolicy(8, TimeSpan.FromMilliseconds(500), 2.0, TimeSpan.FromSeconds(30)));

    /// <inheritdoc />
    public override async Task<AgentTaskOutcome> RunAsync(WorkflowContext context, AgentTaskInput input)
    {
        var record = new TaskRecordInput(input.TaskId, input.Tenant);
        if (!await context.CallActivityAsync<bool>(nameof(StartTaskActivity), record, RecordRetry))
        {
            return new AgentTaskOutcome("skipped", "the task was already final or waiting");
        }

        List<TranscriptEntry> transcript = [new("user", input.Goal, null)];
        for (var turn = 1; turn <= input.MaxModelCalls; turn++)
        {
            ModelTurn answer;
            try
            {
                answer = await context.CallActivityAsync<ModelTurn>(nameof(CallModelActivity),
                    new ModelCallInput(input.TaskId, input.Tenant, turn, transcript), ModelRetry);
            }
            catch (WorkflowTaskFailedException ex)
            {
                return await FailAsync(context, record, $"Model call {turn} failed after its retries: {ex.Message}");
            }

            if (answer.Calls.Count == 0)
            {
                // The actor refuses to complete a task cancelled meanwhile: then it stays cancelled, and so does the outcome.
                return await context.CallActivityAsync<bool>(nameof(CompleteTaskActivity), record with { Detail = answer.Text }, RecordRetry)
                    ? new AgentTaskOutcome(AgentTaskStatus.Succeeded, answer.Text ?? "")
                    : new AgentTaskOutcome(AgentTaskStatus.Cancelled, "cancelled before the answer was recorded");
            }

            foreach (var call in answer.Calls)
            {
                if (call.NeedsApproval && await ApproveAsync(context, input, call) is { } refused)
                {
                    return refused;
                }

                ToolCallResult result;
                try
                {
                    result = await context.CallActivityAsync<ToolCallResult>(nameof(CallToolActivity), new ToolCallInput(input.TaskId, input.Tenant, call), ToolRetry);
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return await FailAsync(context, record, $"Tool call {call.Name} failed after its retries: {ex.Message}");
                }

                if (result.Cancelled)
                {
                    return new AgentTaskOutcome(AgentTaskStatus.Cancelled, "cancelled while running");
                }

                transcript.Add(new("assistant", null, call));
                transcript.Add(new("tool", result.Result, call));
            }
        }

        return await FailAsync(context, record, $"The agent made {input.MaxModelCalls} model calls without a final answer.");
    }

    /// <summary>Ends the task failed with <paramref name="error"/> (a step that kept failing: the run cannot go on).</summary>
    private static async Task<AgentTaskOutcome> FailAsync(WorkflowContext context, TaskRecordInput record, string error)
    {
        await context.CallActivityAsync<bool>(nameof(FailTaskActivity), record with { Detail = error }, RecordRetry);
        return new AgentTaskOutcome(AgentTaskStatus.Failed, error);
    }

    /// <summary>Waits for a person's decision on <paramref name="call"/>; null when approved (the task runs again), else how the task ended.</summary>
    private static async Task<AgentTaskOutcome?> ApproveAsync(WorkflowContext context, AgentTaskInput input, ToolCall call)
    {
        var record = new TaskRecordInput(input.TaskId, input.Tenant, Call: call);
        if (!await context.CallActivityAsync<bool>(nameof(RequestApprovalActivity), record, RecordRetry))
        {
            return new AgentTaskOutcome(AgentTaskStatus.Cancelled, "cancelled before the approval was asked for");
        }

        var decision = await context.CallChildWorkflowAsync<ApprovalEvent?>(AgentTaskWorkflowNames.ApprovalGate,
            new ApprovalGateInput(input.TaskId, call.Name, input.ApprovalTimeout),
            new ChildWorkflowTaskOptions(TaskApprovalWorkflowNames.InstanceIdFor(input.TaskId)));
        if (decision is { Approved: true })
        {
            var approved = record with { Detail = decision.DecidedBy, Comment = decision.Comment };
            return await context.CallActivityAsync<bool>(nameof(ApproveTaskActivity), approved, RecordRetry)
                && await context.CallActivityAsync<bool>(nameof(StartTaskActivity), record with { Call = null }, RecordRetry)
                ? null
                : new AgentTaskOutcome(AgentTaskStatus.Cancelled, "cancelled while waiting for approval");
        }

        var reason = decision is null
            ? $"nobody approved {call.Name} within {input.ApprovalTimeout}"
            : $"{call.Name} rejected by {decision.DecidedBy}" + (decision.Comment is { Length: > 0 } comment ? $": {comment}" : "");
        // Compensate first: once the call is discarded no later run can make it, whatever happens to the cancel.
        await context.CallActivityAsync<bool>(nameof(CompensateTaskActivity), record with { Detail = reason }, RecordRetry);
        await context.CallActivityAsync<bool>(nameof(CancelTaskActivity), record with { Detail = reason }, RecordRetry);
        return new AgentTaskOutcome(AgentTaskStatus.Cancelled, reason);
    }
}

/// <summary>
/// A task's approval step: waits durably for the <see cref="TaskApprovalWorkflowNames.ApprovalEvent"/> event (raised by the
/// api on instance <c>{taskId}-approval</c>) up to the timeout; null when the durable timer fired first.
/// </summary>
public sealed class TaskApprovalGateWorkflow : Workflow<ApprovalGateInput, ApprovalEvent?>
{
    /// <inheritdoc />
    public override async Task<ApprovalEvent?> RunAsync(WorkflowContext context, ApprovalGateInput input)
    {
        try
        {
            return await context.WaitForExternalEventAsync<ApprovalEvent>(TaskApprovalWorkflowNames.ApprovalEvent, input.Timeout);
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
