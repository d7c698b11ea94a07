namespace AgentApp.Worker.Tasks.Durable;

/// <summary>The names the durable agent's workflows are registered and addressed by.</summary>
public static class AgentTaskWorkflowNames
{
    /// <summary>One agent task, start to end.</summary>
    public const string Workflow = "AgentTaskWorkflow";

    /// <summary>The approval step of a task: a person's decision or a durable timer.</summary>
    public const string ApprovalGate = "TaskApprovalGateWorkflow";

    /// <summary>The instance id of task <paramref name="taskId"/>'s workflow: the task id, so a second start finds the first.</summary>
    public static string InstanceIdFor(string taskId) => taskId;
}

/// <summary>The workflow's input, from the task message.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Tenant">Its owner: the guardrails' caller for every model and tool call.</param>
/// <param name="Goal">What the agent is asked to do.</param>
/// <param name="ApprovalTimeout">How long an approval may take before the call is discarded and the task cancelled.</param>
/// <param name="MaxModelCalls">Model calls at most (each answered tool call costs one more).</param>
/// <param name="MaxAttempts">Attempts of one model call before the task fails.</param>
/// <param name="RetryBackoff">The durable wait before a model call's second attempt; doubled for each further one.</param>
/// <param name="Delivery">The task message as delivered, for the dead-letter topic if the task fails.</param>
/// <param name="TraceParent">The trace every step continues (the message's <c>process</c> span).</param>
public sealed record AgentTaskInput(string TaskId, string Tenant, string Goal, TimeSpan ApprovalTimeout, int MaxModelCalls, int MaxAttempts,
    TimeSpan RetryBackoff, TaskDelivery Delivery, string? TraceParent = null);

/// <summary>How a task's workflow ended: <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>skipped</c> (already final).</summary>
public sealed record AgentTaskOutcome(string Status, string Detail);

/// <summary>One entry of the conversation a task has had with the model so far; the workflow's durable memory.</summary>
/// <param name="Role"><c>user</c>, <c>assistant</c> (a tool call) or <c>tool</c> (its result).</param>
/// <param name="Text">The user's text, or the tool's result.</param>
/// <param name="Call">The call, for assistant and tool entries.</param>
public sealed record TranscriptEntry(string Role, string? Text, ToolCall? Call);

/// <summary>A tool call the model asked for.</summary>
/// <param name="CallId">The model's id for the call.</param>
/// <param name="Name">The tool.</param>
/// <param name="ArgumentsJson">Its arguments, as JSON.</param>
/// <param name="NeedsApproval">Whether a person must approve it first (the tool says so).</param>
public sealed record ToolCall(string CallId, string Name, string ArgumentsJson, bool NeedsApproval);

/// <summary>Input of one model call.</summary>
public sealed record ModelCallInput(string TaskId, string Tenant, int Turn, IReadOnlyList<TranscriptEntry> Transcript, string? TraceParent = null)
    : ITaskStepInput;

/// <summary>What one model call answered: the final text, or the tool calls to make first.</summary>
/// <param name="Text">The final answer, when there are no calls.</param>
/// <param name="Calls">The tool calls to make first.</param>
/// <param name="Refusal">Why the guardrails refused the call: final, the same goal would be refused again.</param>
/// <param name="Cancelled">The task was cancelled while the model was thinking: the call was stopped.</param>
public sealed record ModelTurn(string? Text, IReadOnlyList<ToolCall> Calls, string? Refusal = null, bool Cancelled = false);

/// <summary>Input of one tool call.</summary>
public sealed record ToolCallInput(string TaskId, string Tenant, ToolCall Call, string? TraceParent = null) : ITaskStepInput;

/// <summary>A tool call's result; <see cref="Cancelled"/> when the task was cancelled meanwhile (its step was not recorded).</summary>
public sealed record ToolCallResult(string Result, bool Cancelled);

/// <summary>Input of the task-record activities.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Tenant">Its owner.</param>
/// <param name="Detail">The result, error, reason or decider, by activity.</param>
/// <param name="Call">The call waiting for approval, for that activity.</param>
/// <param name="Comment">The approver's comment.</param>
/// <param name="StartedAt">When the workflow started, for the task's duration.</param>
/// <param name="TraceParent">The task's trace.</param>
public sealed record TaskRecordInput(string TaskId, string Tenant, string? Detail = null, ToolCall? Call = null, string? Comment = null,
    DateTimeOffset StartedAt = default, string? TraceParent = null) : ITaskStepInput;

/// <summary>Input of the failing activity.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Tenant">Its owner.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Delivery">Its message, for the dead-letter topic.</param>
/// <param name="StartedAt">When the workflow started, for the task's duration.</param>
/// <param name="TraceParent">The task's trace.</param>
public sealed record FailTaskInput(string TaskId, string Tenant, string Error, TaskDelivery Delivery, DateTimeOffset StartedAt, string? TraceParent = null)
    : ITaskStepInput;

/// <summary>The approval gate's input.</summary>
public sealed record ApprovalGateInput(string TaskId, string ToolName, TimeSpan Timeout);
