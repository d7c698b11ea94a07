namespace AgentApp.Agent;

/// <summary>
/// Who the agent is working for: the tenant whose tool allowlist applies, whose spend is counted and whom audit events name,
/// and the subject. One answer for every middleware in the pipeline.
/// </summary>
public interface IAgentCaller
{
    /// <summary>The tenant, when known.</summary>
    string? Tenant { get; }

    /// <summary>The subject (user or client id), when known.</summary>
    string? Subject { get; }
}

/// <summary>
/// The caller set around a unit of work with <see cref="Begin"/> (the worker does, per task, from the task message); it
/// flows with the async context. The api resolves its caller from the gateway's forwarded identity instead.
/// </summary>
public sealed class AmbientAgentCaller : IAgentCaller
{
    private static readonly AsyncLocal<(string? Tenant, string? Subject)> s_current = new();

    /// <inheritdoc />
    public string? Tenant => s_current.Value.Tenant;

    /// <inheritdoc />
    public string? Subject => s_current.Value.Subject;

    /// <summary>Sets the caller until the returned scope is disposed.</summary>
    public static IDisposable Begin(string? tenant, string? subject)
    {
        var previous = s_current.Value;
        s_current.Value = (tenant, subject);
        return new Scope(previous);
    }

    private sealed class Scope((string?, string?) previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
