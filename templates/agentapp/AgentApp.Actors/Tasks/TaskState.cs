using AgentApp.Actors.Contracts;

namespace AgentApp.Actors.Tasks;

/// <summary>What a <see cref="TaskActor"/> stores under <see cref="TaskActor.StateKey"/>.</summary>
/// <param name="Owner">The tenant that created the task.</param>
/// <param name="Goal">What the agent is asked to do.</param>
/// <param name="ConversationId">Its conversation, if any.</param>
/// <param name="IdempotencyKey">The creator's key, if any.</param>
/// <param name="Status">One of <see cref="AgentTaskStatus"/>.</param>
/// <param name="Steps">Progress, oldest first.</param>
/// <param name="Result">The answer, once succeeded.</param>
/// <param name="Error">The error, once failed.</param>
/// <param name="Attempts">Runs started.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record TaskState(string Owner, string Goal, string? ConversationId, string? IdempotencyKey, string Status,
    IReadOnlyList<AgentTaskStep> Steps, string? Result, string? Error, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The task as its owner sees it.</summary>
    public AgentTaskView ToView() => new(true, Status, Goal, ConversationId, Steps, Result, Error, Attempts, CreatedAt, UpdatedAt);

    /// <summary>This state with one more step.</summary>
    public TaskState WithStep(string kind, string detail, DateTimeOffset at, out AgentTaskStep step)
    {
        step = new AgentTaskStep(Steps.Count + 1, kind, detail, at);
        return this with { Steps = [.. Steps, step], UpdatedAt = at };
    }
}
