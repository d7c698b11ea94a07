namespace AgentApp.Api.Tasks;

/// <summary>The audit trail of decisions people make about tasks: one structured line each, in its own log category.</summary>
public static partial class TaskAudit
{
    /// <summary>The log category, so a sink can route audit lines apart from diagnostics.</summary>
    public const string Category = "AgentApp.Tasks.Audit";

    /// <summary>A decision on a waiting task.</summary>
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Audit task approval {Decision} tenant={Tenant} subject={Subject} task={TaskId} comment={Comment}")]
    public static partial void Approval(ILogger logger, string decision, string tenant, string subject, string taskId, string? comment);

    /// <summary>A cancellation.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Audit task cancel tenant={Tenant} subject={Subject} task={TaskId}")]
    public static partial void Cancel(ILogger logger, string tenant, string subject, string taskId);
}
