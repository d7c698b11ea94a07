namespace AgentApp.Contracts;

/// <summary>A tool call the agent planned that a person must approve before it runs (its side effects are real).</summary>
/// <param name="RequestId">The approval request's id, as the function-invocation middleware issued it.</param>
/// <param name="CallId">The model's id for the call.</param>
/// <param name="ToolName">The tool.</param>
/// <param name="ArgumentsJson">The call's arguments as a JSON object.</param>
public sealed record ToolCallForApproval(string RequestId, string CallId, string ToolName, string ArgumentsJson);

/// <summary>Where a task's approval stands.</summary>
/// <param name="Call">The tool call in question.</param>
/// <param name="Decision">Null while waiting; then <see cref="ApprovalDecisions"/>.</param>
/// <param name="DecidedBy">Who decided (the subject, else the tenant), or why nobody did (timeout).</param>
/// <param name="Comment">The approver's comment, if any.</param>
/// <param name="RequestedAt">When the task started waiting.</param>
public sealed record TaskApproval(ToolCallForApproval Call, string? Decision, string? DecidedBy, string? Comment, DateTimeOffset RequestedAt);

/// <summary>The values of <see cref="TaskApproval.Decision"/>.</summary>
public static class ApprovalDecisions
{
    /// <summary>A person approved: the call may run.</summary>
    public const string Approved = "approved";

    /// <summary>Rejected or timed out: the call was discarded and never runs.</summary>
    public const string Discarded = "discarded";
}

/// <summary>A request to cancel a task.</summary>
/// <param name="Tenant">Who asks: only the owner may cancel.</param>
/// <param name="Reason">Why; kept as the task's error.</param>
public sealed record CancelTaskRequest(string Tenant, string Reason);

/// <summary>What a cancel did.</summary>
/// <param name="Found">False when there is no such task for the tenant.</param>
/// <param name="Cancelled">False when the task was already final (see <paramref name="Status"/>).</param>
/// <param name="Status">The task's status after the call.</param>
/// <param name="Step">The step recorded, when cancelled.</param>
/// <param name="WasWaitingForApproval">
/// True when the cancelled task was waiting for a person's approval: its approval workflow is still waiting too, and
/// should be told.
/// </param>
public sealed record CancelTaskResult(bool Found, bool Cancelled, string? Status, AgentTaskStep? Step, bool WasWaitingForApproval = false);

/// <summary>A person's approval of the waiting tool call.</summary>
/// <param name="DecidedBy">Who approved.</param>
/// <param name="Comment">Their comment, if any.</param>
public sealed record ApproveTaskRequest(string DecidedBy, string? Comment);

/// <summary>What an approval did: when <paramref name="Continue"/>, the task is queued again and must be re-enqueued.</summary>
/// <param name="Continue">True when the task now waits for a worker to run the approved call (also on a repeated call).</param>
/// <param name="Tenant">The owner, for the task message.</param>
/// <param name="Goal">The goal, for the task message.</param>
/// <param name="ConversationId">The conversation, for the task message.</param>
/// <param name="Step">The step recorded (null on a repeated call).</param>
public sealed record ApproveTaskResult(bool Continue, string? Tenant, string? Goal, string? ConversationId, AgentTaskStep? Step);

/// <summary>Discards a waiting tool call so it can never run (the compensation of a rejected or expired approval).</summary>
/// <param name="Reason">Why.</param>
public sealed record CompensateTaskRequest(string Reason);
