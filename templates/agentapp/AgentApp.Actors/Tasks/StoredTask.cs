using AgentApp.Contracts;

namespace AgentApp.Actors.Tasks;

/// <summary>What a <see cref="TaskActor"/> stores under <see cref="TaskActor.StateKey"/>.</summary>
/// <param name="Owner">The tenant that created the task.</param>
/// <param name="Goal">What the agent is asked to do.</param>
/// <param name="ConversationId">Its conversation, if any.</param>
/// <param name="IdempotencyKey">The creator's key, if any.</param>
/// <param name="Status">One of <see cref="AgentTaskStatus"/>.</param>
/// <param name="Steps">Progress, oldest first; a step's sequence number is its event id, so it lives with the state.</param>
/// <param name="Result">The answer, once succeeded.</param>
/// <param name="Error">The error once failed, or the reason once cancelled.</param>
/// <param name="Attempts">Runs started.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Approval">The tool call waiting for (or given) approval, if any.</param>
/// <param name="SubmittedBy">The subject that submitted it, when known.</param>
public sealed record StoredTask(string Owner, string Goal, string? ConversationId, string? IdempotencyKey, string Status,
    IReadOnlyList<AgentTaskStep> Steps, string? Result, string? Error, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    TaskApproval? Approval = null, string? SubmittedBy = null)
{
    /// <summary>Task <paramref name="id"/> as its owner sees it.</summary>
    public AgentTask ToTask(string id) => new(id, Status, Goal, ConversationId, Steps, Result, Error, Attempts, CreatedAt, UpdatedAt, Approval, SubmittedBy);

    /// <summary>This state moved to <paramref name="status"/> with one more step, numbered after the last.</summary>
    public StoredTask WithStep(string kind, string detail, DateTimeOffset at, string status, out AgentTaskStep step, string? agent = null)
    {
        step = new AgentTaskStep(Steps.Count + 1, kind, detail, at, status, agent);
        return this with { Steps = [.. Steps, step], UpdatedAt = at, Status = status };
    }
}
