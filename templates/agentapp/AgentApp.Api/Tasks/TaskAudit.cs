namespace AgentApp.Api.Tasks;

/// <summary>The audit trail of decisions people make about tasks: one structured line each, in its own log category.</summary>
public static partial class TaskAudit
{
    /// <summary>The log category, so a sink can route audit lines apart from diagnostics.</summary>
    public const string Category = "AgentApp.Tasks.Audit";

    /// <summary>A decision on a waiting task: who decided, on whose task, and why (the comment).</summary>
    [LoggerMessage(EventId = 7200, EventName = "TaskApprovalDecided", Level = LogLevel.Information,
        Message = "Audit task approval {Decision} tenant={Tenant} subject={Subject} task={TaskId} submitter={Submitter} comment={Comment}")]
    public static partial void Approval(ILogger logger, string decision, string tenant, string subject, string taskId, string submitter, string? comment);

    /// <summary>An attempt to decide that separation of duties refused (<c>missing_scope</c>, <c>self_approval</c>).</summary>
    [LoggerMessage(EventId = 7201, EventName = "TaskApprovalRefused", Level = LogLevel.Warning,
        Message = "Audit task approval refused tenant={Tenant} subject={Subject} task={TaskId} reason={Reason}")]
    public static partial void ApprovalRefused(ILogger logger, string tenant, string subject, string taskId, string reason);

    /// <summary>A cancellation.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Audit task cancel tenant={Tenant} subject={Subject} task={TaskId}")]
    public static partial void Cancel(ILogger logger, string tenant, string subject, string taskId);
}
