namespace AgentApp.Contracts;

/// <summary>How the worker starts, and the api signals, the workflow that carries a task waiting for approval.</summary>
public static class TaskApprovalWorkflowNames
{
    /// <summary>The registered workflow name.</summary>
    public const string Workflow = "TaskApprovalWorkflow";

    /// <summary>The external event a person's decision arrives as.</summary>
    public const string ApprovalEvent = "approval";

    /// <summary>The instance id for task <paramref name="taskId"/>: one approval gate per task, so a repeated start is a no-op.</summary>
    public static string InstanceIdFor(string taskId) => $"{taskId}-approval";
}

/// <summary>The workflow's input.</summary>
/// <param name="TaskId">The waiting task.</param>
/// <param name="Tenant">Its owner.</param>
/// <param name="ToolName">The tool call that needs approval.</param>
/// <param name="Timeout">How long to wait for a decision before discarding the call and cancelling the task (a durable timer).</param>
public sealed record TaskApprovalInput(string TaskId, string Tenant, string ToolName, TimeSpan Timeout);

/// <summary>The data of the <see cref="TaskApprovalWorkflowNames.ApprovalEvent"/> event.</summary>
/// <param name="Approved">The decision.</param>
/// <param name="DecidedBy">Who decided (subject, else tenant).</param>
/// <param name="Comment">Their comment, if any.</param>
public sealed record ApprovalEvent(bool Approved, string DecidedBy, string? Comment);

/// <summary>How the workflow ended.</summary>
/// <param name="Outcome">approved, rejected or timed_out.</param>
/// <param name="Detail">What happened, in words.</param>
public sealed record TaskApprovalOutcome(string Outcome, string Detail);
