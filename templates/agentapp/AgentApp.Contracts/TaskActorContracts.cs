using System.Security.Cryptography;
using System.Text;

namespace AgentApp.Contracts;

/// <summary>The states a task moves through; the last three are final.</summary>
public static class AgentTaskStatus
{
    /// <summary>Accepted and waiting for a worker.</summary>
    public const string Queued = "queued";

    /// <summary>A worker is running the agent on it.</summary>
    public const string Running = "running";

    /// <summary>Paused until a person approves a step.</summary>
    public const string WaitingApproval = "waiting_approval";

    /// <summary>Finished with a result.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Finished with an error after its retries.</summary>
    public const string Failed = "failed";

    /// <summary>Stopped before it finished.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether <paramref name="status"/> is final: a task in it never runs again.</summary>
    public static bool IsFinal(string? status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>The kinds of <see cref="AgentTaskStep"/>.</summary>
public static class TaskStepKinds
{
    /// <summary>A worker started an attempt.</summary>
    public const string Started = "started";

    /// <summary>The agent called a tool.</summary>
    public const string Tool = "tool";

    /// <summary>An attempt failed and will be retried.</summary>
    public const string Retry = "retry";

    /// <summary>The agent's plan needs a tool a person must approve; the task waits.</summary>
    public const string WaitingApproval = AgentTaskStatus.WaitingApproval;

    /// <summary>A person approved the waiting tool call; the task is queued to continue.</summary>
    public const string Approved = "approved";

    /// <summary>The waiting tool call was discarded (rejected or timed out) so it can never run.</summary>
    public const string Compensated = "compensated";

    /// <summary>The task was cancelled.</summary>
    public const string Cancelled = AgentTaskStatus.Cancelled;

    /// <summary>The task finished with a result.</summary>
    public const string Succeeded = AgentTaskStatus.Succeeded;

    /// <summary>The task failed for good.</summary>
    public const string Failed = AgentTaskStatus.Failed;

    /// <summary>One named agent took a turn (its name is the step's <see cref="AgentTaskStep.Agent"/>).</summary>
    public const string Agent = "agent";
}

/// <summary>One step of a task's progress.</summary>
/// <param name="Sequence">1-based, in the order the steps happened, kept with the task's state: the event id on
/// <c>agent-events</c> and on <c>GET /v1/tasks/{id}/events</c>, so replays are exact.</param>
/// <param name="Kind">What happened: one of <see cref="TaskStepKinds"/>.</param>
/// <param name="Detail">A short human-readable description.</param>
/// <param name="At">When it happened.</param>
/// <param name="Status">The task's status right after this step (absent on steps stored before it was recorded).</param>
/// <param name="Agent">The named agent whose turn this step was, for <see cref="TaskStepKinds.Agent"/> steps.</param>
public sealed record AgentTaskStep(int Sequence, string Kind, string Detail, DateTimeOffset At, string? Status = null, string? Agent = null);

/// <summary>A request to create a task for a tenant; repeating it is harmless.</summary>
/// <param name="Tenant">The owner.</param>
/// <param name="Goal">What the agent is asked to do.</param>
/// <param name="ConversationId">The conversation the task belongs to, if any.</param>
/// <param name="IdempotencyKey">The caller's key, when it gave one.</param>
/// <param name="SubmittedBy">The authenticated subject that submitted it, when known (separation of duties at approval).</param>
public sealed record CreateTaskRequest(string Tenant, string Goal, string? ConversationId, string? IdempotencyKey, string? SubmittedBy = null);

/// <summary>What a create did.</summary>
/// <param name="Accepted">False when the id is held by another tenant (nothing stored).</param>
/// <param name="Created">False when the task already existed: the caller must not enqueue it again.</param>
/// <param name="Task">The task as its owner sees it.</param>
public sealed record CreateTaskResult(bool Accepted, bool Created, AgentTask? Task);

/// <summary>A task as its owner sees it: what the task actor answers and what <c>GET /v1/tasks/{id}</c> returns.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">One of <see cref="AgentTaskStatus"/>.</param>
/// <param name="Goal">What the agent was asked to do.</param>
/// <param name="ConversationId">Its conversation, if any.</param>
/// <param name="Steps">Progress, oldest first.</param>
/// <param name="Result">The agent's answer, once succeeded.</param>
/// <param name="Error">Why it failed, once failed; why it was cancelled, once cancelled.</param>
/// <param name="Attempts">Runs started so far.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Approval">The tool call (name and arguments) that waits for, or got, a person's decision.</param>
/// <param name="SubmittedBy">The subject that submitted it, when the gateway said (it may not approve its own task).</param>
public sealed record AgentTask(string TaskId, string Status, string Goal, string? ConversationId, IReadOnlyList<AgentTaskStep> Steps,
    string? Result, string? Error, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, TaskApproval? Approval = null,
    string? SubmittedBy = null);

/// <summary>A worker's claim on a task for one attempt.</summary>
/// <param name="Worker">Who runs it (for the progress step).</param>
public sealed record StartTaskRequest(string Worker);

/// <summary>Whether the worker should run the task.</summary>
/// <param name="Run">False when the task is final already (a redelivery) or unknown: skip it.</param>
/// <param name="Status">The task's status after the call.</param>
/// <param name="Attempts">Runs started so far, this one included: the worker dead-letters at its limit.</param>
/// <param name="Step">The step recorded for the start, when <paramref name="Run"/>.</param>
/// <param name="ApprovedCall">A tool call a person approved for this task: this run may make it.</param>
public sealed record StartTaskResult(bool Run, string? Status, int Attempts, AgentTaskStep? Step, ToolCallForApproval? ApprovedCall = null);

/// <summary>A progress step to record.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">A short description.</param>
/// <param name="Agent">The named agent whose turn it was, if any.</param>
public sealed record RecordStepRequest(string Kind, string Detail, string? Agent = null);

/// <summary>The end of a task.</summary>
/// <param name="Succeeded">True with <paramref name="Result"/>, false with <paramref name="Error"/>.</param>
/// <param name="Result">The agent's answer.</param>
/// <param name="Error">Why it failed.</param>
public sealed record CompleteTaskRequest(bool Succeeded, string? Result, string? Error);

/// <summary>How callers address task actors and derive task ids.</summary>
public static class TaskActorType
{
    /// <summary>The Dapr actor type name.</summary>
    public const string Name = "TaskActor";

    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>Task ids are 32 hex digits behind a 't': valid URL path segments and conversation-id-like.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: 33 } && id[0] == 't' && id.Skip(1).All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// The task id: derived from the tenant and idempotency key when there is one, so the same key always names the same
    /// task (per tenant) with no index to keep; random otherwise.
    /// </summary>
    public static string IdFor(string tenant, string? idempotencyKey) => idempotencyKey is null
        ? "t" + Guid.NewGuid().ToString("N")
        : "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{idempotencyKey}")))[..32];
}
