using System.Collections.Concurrent;
using AgentApp.Api.Tasks;
using AgentApp.Contracts;

namespace AgentApp.Tests.Support;

/// <summary>An <see cref="ITaskApprovalWorkflows"/> that keeps the decisions it is given (the workflow engine is tested apart).</summary>
public sealed class RecordingTaskApprovals : ITaskApprovalWorkflows
{
    /// <summary>Raised decisions, in order.</summary>
    public ConcurrentQueue<(string TaskId, ApprovalEvent Decision)> Raised { get; } = new();

    /// <inheritdoc />
    public Task<string?> RaiseAsync(string taskId, ApprovalEvent decision, CancellationToken cancellationToken)
    {
        Raised.Enqueue((taskId, decision));
        return Task.FromResult<string?>(null);
    }
}
