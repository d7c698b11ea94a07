namespace AgentApp.Agent.Agents;

/// <summary>
/// The named agents (configuration section <c>Agents</c>) and how the multi-agent modes use them. Agents not configured
/// here come from <see cref="DefaultAgents"/>; a configured agent of the same name replaces the default one.
/// </summary>
public sealed class NamedAgentsOptions
{
    public const string Section = "Agents";

    /// <summary>The agents by name (1-32 lower-case letters, digits or '-'): <c>Agents:Named:{name}:Instructions</c>, ….</summary>
    public Dictionary<string, NamedAgentDefinition> Named { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The team a task gets when it names none, per mode: <c>Agents:Teams:sequential:0</c> = the first in the chain, ….
    /// For <c>concurrent</c> it is the fan-out; for <c>orchestrated</c>, the agents the orchestrator may pick.
    /// </summary>
    public Dictionary<string, List<string>> Teams { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The agent that merges the answers of a concurrent run (fan-in).</summary>
    public string? Aggregator { get; set; }

    /// <summary>The agent that picks the next speaker in an orchestrated run.</summary>
    public string? Orchestrator { get; set; }

    /// <summary>The most turns of an orchestrated run, the orchestrator's own included; the run ends with the last answer.</summary>
    public int MaxTurns { get; set; } = 8;
}

/// <summary>One named agent: a <c>ChatClientAgent</c> over the app's agent pipeline with these settings.</summary>
public sealed class NamedAgentDefinition
{
    /// <summary>What the agent is for, one line (shown to the orchestrator and to MCP clients).</summary>
    public string? Description { get; set; }

    /// <summary>Its instructions (system prompt). The offline model plays the role these name: "You are the planner|researcher|writer|reviewer".</summary>
    public string Instructions { get; set; } = "";

    /// <summary>The tools it may call, by name (see <c>ToolNames</c>); none when empty. Tools that need a person's approval are refused.</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>The model to ask for, when not the app's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Sampling temperature, when not the model's default.</summary>
    public float? Temperature { get; set; }

    /// <summary>The most tokens one of its model calls may produce (never more than <c>Agent:MaxOutputTokens</c>).</summary>
    public int? MaxOutputTokens { get; set; }
}
