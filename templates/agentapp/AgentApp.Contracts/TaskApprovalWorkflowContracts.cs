namespace AgentApp.Contracts;

/// <summary>How a person's decision reaches the approval step of a task's workflow.</summary>
public static class TaskApprovalWorkflowNames
{
    /// <summary>The external event a person's decision arrives as.</summary>
    public const string ApprovalEvent = "approval";

    /// <summary>The instance id of task <paramref name="taskId"/>'s approval step (a child workflow): one per task.</summary>
    public static string InstanceIdFor(string taskId) => $"{taskId}-approval";
}

/// <summary>The data of the <see cref="TaskApprovalWorkflowNames.ApprovalEvent"/> event.</summary>
/// <param name="Approved">The decision.</param>
/// <param name="DecidedBy">Who decided (subject, else tenant).</param>
/// <param name="Comment">Their comment, if any.</param>
public sealed record ApprovalEvent(bool Approved, string DecidedBy, string? Comment);
