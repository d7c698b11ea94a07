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

/// <summary>A task, as <c>GET /v1/tasks/{id}</c> shows it.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">queued, running, waiting_approval, succeeded, failed or cancelled.</param>
/// <param name="Goal">What the agent was asked.</param>
/// <param name="ConversationId">Its conversation, if any.</param>
/// <param name="Steps">Progress, oldest first.</param>
/// <param name="Result">The answer, once succeeded.</param>
/// <param name="Error">Why it failed, once failed; why it was cancelled, once cancelled.</param>
/// <param name="Attempts">Runs started.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Approval">The tool call (name and arguments) that waits for, or got, a person's decision.</param>
/// <param name="SubmittedBy">The subject that submitted it, when the gateway said (it may not approve its own task).</param>
public sealed record TaskDetails(string TaskId, string Status, string Goal, string? ConversationId, IReadOnlyList<AgentTaskStep> Steps,
    string? Result, string? Error, int Attempts, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, TaskApproval? Approval,
    string? SubmittedBy = null)
{
    /// <summary>The owner's view of task <paramref name="id"/>.</summary>
    public static TaskDetails From(string id, AgentTaskView view) =>
        new(id, view.Status!, view.Goal!, view.ConversationId, view.Steps, view.Result, view.Error, view.Attempts, view.CreatedAt, view.UpdatedAt,
            view.Approval, view.SubmittedBy);
}

/// <summary>The body of <c>POST /v1/tasks/{id}/approval</c>.</summary>
/// <param name="Approved">True to let the waiting tool call run, false to reject it (the task is then cancelled).</param>
/// <param name="Comment">Why, for the record.</param>
public sealed record TaskApprovalRequest(bool? Approved, string? Comment);

/// <summary>The answer to a cancel or an approval decision.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Its status now (an approval is carried out by the workflow right after: follow the events).</param>
/// <param name="Detail">What happened.</param>
public sealed record TaskControlResult(string TaskId, string Status, string Detail);
