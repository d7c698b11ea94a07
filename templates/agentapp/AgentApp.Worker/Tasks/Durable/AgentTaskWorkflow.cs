using AgentApp.Contracts;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// One agent task as one durable workflow: every model call and every tool call is an activity, so after a crash or a
/// redeploy the run resumes from its last completed step and no completed call runs again (the engine replays their
/// recorded results). A model call that fails is retried after a durable timer, each failed attempt a <c>retry</c> step;
/// one that keeps failing, or a refusal, fails the task (<see cref="TaskFailures"/>). A tool that needs approval waits in
/// <see cref="TaskApprovalGateWorkflow"/>, a child workflow with a durable timer; reject or time-out compensate and end
/// the task cancelled. A task cancelled meanwhile stops its model call at once and records nothing more. Deterministic:
/// all effects are activities; the transcript lives in the workflow's own history.
/// </summary>
public sealed class AgentTaskWorkflow : Workflow<AgentTaskInput, AgentTaskOutcome>
{
    /// <summary>A tool call: side effects, so few attempts; tools report bad input as a result, not an exception.</summary>
    public static readonly WorkflowTaskOptions ToolRetry = new(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(10)));

    /// <summary>The task's record (actor, events topic): only the sidecar or broker fails here, so retry longer.</summary>
    public static readonly WorkflowTaskOptions RecordRetry = new(new WorkflowRetryPolicy(8, TimeSpan.FromMilliseconds(500), 2.0, TimeSpan.FromSeconds(30)));

    /// <inheritdoc />
    public override async Task<AgentTaskOutcome> RunAsync(WorkflowContext context, AgentTaskInput input)
    {
        var startedAt = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
        var record = new TaskRecordInput(input.TaskId, input.Tenant, StartedAt: startedAt, TraceParent: input.TraceParent);
        if (!await context.CallActivityAsync<bool>(nameof(StartTaskActivity), record, RecordRetry))
        {
            return new AgentTaskOutcome("skipped", "the task was already final or waiting");
        }

        List<TranscriptEntry> transcript = [new("user", input.Goal, null)];
        for (var turn = 1; turn <= input.MaxModelCalls; turn++)
        {
            var (answer, error) = await AskModelAsync(context, input, record, turn, transcript);
            if (answer is { Cancelled: true })
            {
                return Cancelled;
            }

            if ((error ?? answer?.Refusal) is { } failure)
            {
                return await FailAsync(context, input, startedAt, failure);
            }

            if (answer!.Calls.Count == 0)
            {
                // The actor refuses to complete a task cancelled meanwhile: then it stays cancelled, and so does the outcome.
                return await context.CallActivityAsync<bool>(nameof(CompleteTaskActivity), record with { Detail = answer.Text }, RecordRetry)
                    ? new AgentTaskOutcome(AgentTaskStatus.Succeeded, answer.Text ?? "")
                    : Cancelled;
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
                    result = await context.CallActivityAsync<ToolCallResult>(nameof(CallToolActivity), new ToolCallInput(input.TaskId, input.Tenant, call, input.TraceParent), ToolRetry);
                }
                catch (WorkflowTaskFailedException ex)
                {
                    return await FailAsync(context, input, startedAt, $"Tool call {call.Name} failed after its retries: {Describe(ex)}");
                }

                if (result.Cancelled)
                {
                    return Cancelled;
                }

                transcript.Add(new("assistant", null, call));
                transcript.Add(new("tool", result.Result, call));
            }
        }

        return await FailAsync(context, input, startedAt, $"The agent made {input.MaxModelCalls} model calls without a final answer.");
    }

    private static AgentTaskOutcome Cancelled { get; } = new(AgentTaskStatus.Cancelled, "cancelled while running");

    /// <summary>
    /// Model call <paramref name="turn"/>, attempted up to <see cref="AgentTaskInput.MaxAttempts"/> times with a durable
    /// backoff between attempts (each failure a <c>retry</c> step); the answer, or the error that ended the attempts.
    /// </summary>
    private static async Task<(ModelTurn? Answer, string? Error)> AskModelAsync(WorkflowContext context, AgentTaskInput input, TaskRecordInput record,
        int turn, List<TranscriptEntry> transcript)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await context.CallActivityAsync<ModelTurn>(nameof(CallModelActivity), new ModelCallInput(input.TaskId, input.Tenant, turn, transcript, input.TraceParent)), null);
            }
            catch (WorkflowTaskFailedException ex) when (attempt >= input.MaxAttempts)
            {
                return (null, $"Model call {turn} failed after {attempt} attempt(s): {Describe(ex)}");
            }
            catch (WorkflowTaskFailedException ex)
            {
                var retry = record with { Detail = $"model call {turn}, attempt {attempt} failed: {Describe(ex)}" };
                if (!await context.CallActivityAsync<bool>(nameof(RecordRetryActivity), retry, RecordRetry))
                {
                    return (new ModelTurn(null, [], Cancelled: true), null);
                }

                if (input.RetryBackoff > TimeSpan.Zero)
                {
                    await context.CreateTimer(input.RetryBackoff * Math.Pow(2, attempt - 1));
                }
            }
        }
    }

    /// <summary>Ends the task failed with <paramref name="error"/>: dead letter, failed in its actor, counted (a task cancelled meanwhile stays so).</summary>
    private static async Task<AgentTaskOutcome> FailAsync(WorkflowContext context, AgentTaskInput input, DateTimeOffset startedAt, string error) =>
        await context.CallActivityAsync<bool>(nameof(FailTaskActivity), new FailTaskInput(input.TaskId, input.Tenant, error, input.Delivery, startedAt, input.TraceParent), RecordRetry)
            ? new AgentTaskOutcome(AgentTaskStatus.Failed, error)
            : Cancelled;

    /// <summary>The activity's own exception, as <c>Type: message</c>.</summary>
    private static string Describe(WorkflowTaskFailedException ex) => ex.FailureDetails is { } details
        ? $"{details.ErrorType[(details.ErrorType.LastIndexOf('.') + 1)..]}: {details.ErrorMessage}"
        : ex.Message;

    /// <summary>Waits for a person's decision on <paramref name="call"/>; null when approved (the task runs again), else how the task ended.</summary>
    private static async Task<AgentTaskOutcome?> ApproveAsync(WorkflowContext context, AgentTaskInput input, ToolCall call)
    {
        var record = new TaskRecordInput(input.TaskId, input.Tenant, Call: call, TraceParent: input.TraceParent);
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
