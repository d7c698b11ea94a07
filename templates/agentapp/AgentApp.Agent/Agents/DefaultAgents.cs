using AgentApp.Agent.Tools;

namespace AgentApp.Agent.Agents;

/// <summary>
/// The agents every app starts with: a planner, a researcher that uses the knowledge base, a writer and a reviewer, and
/// the teams each mode gives them. Change one through configuration (<c>Agents:Named:writer:Instructions</c>), or edit
/// this file.
/// </summary>
public static class DefaultAgents
{
    /// <summary>The agent names.</summary>
    public const string Planner = "planner", Researcher = "researcher", Writer = "writer", Reviewer = "reviewer";

    /// <summary>The default agents by name.</summary>
    public static IReadOnlyDictionary<string, NamedAgentDefinition> Named { get; } = new Dictionary<string, NamedAgentDefinition>
    {
        [Planner] = new()
        {
            Description = "Breaks the goal into steps and decides who works on what.",
            Instructions = "You are the planner. Break the user's goal into a short numbered plan, naming which agent does each step. When asked who should speak next, answer with one agent's name, or DONE when the goal is met.",
            Temperature = 0.2f,
        },
        [Researcher] = new()
        {
            Description = "Looks facts up in the app's knowledge base.",
            Instructions = "You are the researcher. Look up what the goal needs in the knowledge base with your tool, and report the relevant findings briefly, quoting their source sections.",
            Tools = [ToolNames.SearchKnowledge],
            Temperature = 0.1f,
        },
        [Writer] = new()
        {
            Description = "Writes the answer from the plan and the findings.",
            Instructions = "You are the writer. Write a clear, concise answer to the user's goal from the plan and the findings so far. Do not invent facts the findings do not support.",
            Temperature = 0.5f,
        },
        [Reviewer] = new()
        {
            Description = "Checks the draft and gives the final answer.",
            Instructions = "You are the reviewer. Check the latest draft against the goal and the findings, fix what is wrong, and reply with the final answer only.",
            Temperature = 0.1f,
        },
    };

    /// <summary>The team each mode gets when a task names none.</summary>
    public static IReadOnlyDictionary<string, string[]> Teams { get; } = new Dictionary<string, string[]>
    {
        ["sequential"] = [Planner, Researcher, Writer, Reviewer],
        ["concurrent"] = [Planner, Researcher],
        ["orchestrated"] = [Researcher, Writer, Reviewer],
    };

    /// <summary>Who merges a concurrent run's answers.</summary>
    public const string Aggregator = Writer;

    /// <summary>Who picks the next speaker of an orchestrated run.</summary>
    public const string Orchestrator = Planner;
}
