using AgentApp.Contracts;

namespace AgentApp.Api.Tasks;

/// <summary>The body of <c>POST /v1/tasks</c>.</summary>
/// <param name="Goal">What the agent should do.</param>
/// <param name="ConversationId">A conversation to attach the task to; tasks of one conversation run in order.</param>
/// <param name="IdempotencyKey">Repeating a submission with the same key returns the same task instead of a second one.</param>
/// <param name="Mode">
/// How several named agents work on it: <c>sequential</c> (a hand-off chain), <c>concurrent</c> (fan-out, then an
/// aggregator merges the answers) or <c>orchestrated</c> (an orchestrator picks the next speaker each turn). Left out:
/// the single agent, with approval-gated tools.
/// </param>
/// <param name="Agents">The named agents taking part, in order; left out: the mode's default team.</param>
public sealed record SubmitTaskRequest(string? Goal, string? ConversationId, string? IdempotencyKey, string? Mode = null, IReadOnlyList<string>? Agents = null);

/// <summary>The 202 answer to a submission.</summary>
/// <param name="TaskId">The task; follow it at the <c>Location</c>.</param>
/// <param name="Status">Its status: <c>queued</c> for a new task, the current one for a repeated key.</param>
public sealed record TaskAccepted(string TaskId, string Status);

/// <summary>The body of <c>POST /v1/tasks/{id}/approval</c>.</summary>
/// <param name="Approved">True to let the waiting tool call run, false to reject it (the task is then cancelled).</param>
/// <param name="Comment">Why, for the record.</param>
public sealed record TaskApprovalRequest(bool? Approved, string? Comment);

/// <summary>The answer to a cancel or an approval decision.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Its status now (an approval is carried out by the workflow right after: follow the events).</param>
/// <param name="Detail">What happened.</param>
public sealed record TaskControlResult(string TaskId, string Status, string Detail);
