namespace AgentApp.Contracts;

/// <summary>The Kafka topics of agent tasks (created by the AppHost).</summary>
public static class TaskTopics
{
    /// <summary>Tasks to run, keyed by conversation id (else task id) so one conversation's tasks stay in order.</summary>
    public const string Tasks = "agent-tasks";

    /// <summary>Progress events (CloudEvents, see <see cref="AgentEvent"/>), keyed by task id.</summary>
    public const string Events = "agent-events";

    /// <summary>Tasks that failed every retry, with the error.</summary>
    public const string DeadLetters = "agent-tasks-dlq";

    /// <summary>The header carrying the last error on a dead letter.</summary>
    public const string ErrorHeader = "x-error";
}

/// <summary>The value of a message on <see cref="TaskTopics.Tasks"/> (JSON, web defaults). Trace context travels in headers.</summary>
/// <param name="TaskId">The task actor's id.</param>
/// <param name="Tenant">The owner.</param>
/// <param name="Goal">What the agent is asked to do.</param>
/// <param name="ConversationId">Its conversation, if any.</param>
/// <param name="EnqueuedAt">When the api produced it.</param>
/// <param name="Mode">How several named agents work on it (<see cref="OrchestrationModes"/>); null: the single agent.</param>
/// <param name="Agents">The named agents taking part, in order; null or empty: the mode's default team.</param>
public sealed record AgentTaskMessage(string TaskId, string Tenant, string Goal, string? ConversationId, DateTimeOffset EnqueuedAt,
    string? Mode = null, IReadOnlyList<string>? Agents = null);
