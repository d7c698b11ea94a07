namespace AgentApp.Agent.Agents;

/// <summary>
/// The named agent whose turn is running, set around the turn with <see cref="Begin"/>; it flows with the async context
/// through the pipeline, so middleware can tell an agent's turn from a plain chat request: the agent's own instructions
/// and tools stand (no app defaults are added) and its spend is attributed to it.
/// </summary>
public static class AgentTurn
{
    private static readonly AsyncLocal<string?> s_current = new();

    /// <summary>The agent whose turn is running, or null.</summary>
    public static string? Current => s_current.Value;

    /// <summary>Marks the turn of <paramref name="agent"/> until the returned scope is disposed.</summary>
    public static IDisposable Begin(string agent)
    {
        var previous = s_current.Value;
        s_current.Value = agent;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
