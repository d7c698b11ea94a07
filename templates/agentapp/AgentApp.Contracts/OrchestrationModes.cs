namespace AgentApp.Contracts;

/// <summary>
/// How several named agents work on one task (the <c>mode</c> of <c>POST /v1/tasks</c>). Each mode is its own durable
/// workflow in the worker; a task without a mode is run by the single agent.
/// </summary>
public static class OrchestrationModes
{
    /// <summary>A hand-off chain: each agent gets the goal and every answer before its own; the last answer is the result.</summary>
    public const string Sequential = "sequential";

    /// <summary>Fan-out: every agent answers the goal at the same time; then the aggregator merges their answers (fan-in).</summary>
    public const string Concurrent = "concurrent";

    /// <summary>
    /// An orchestrator agent picks who speaks next, turn by turn, until it says the goal is met or the turn limit is
    /// reached; the last answer is the result.
    /// </summary>
    public const string Orchestrated = "orchestrated";

    /// <summary>Every mode, as a request names it.</summary>
    public static IReadOnlyList<string> All { get; } = [Sequential, Concurrent, Orchestrated];

    /// <summary>Whether <paramref name="mode"/> is one of <see cref="All"/> (exact, lower case).</summary>
    public static bool IsValid(string? mode) => mode is Sequential or Concurrent or Orchestrated;
}
