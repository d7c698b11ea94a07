using System.Text.RegularExpressions;
using AgentApp.Agent.Offline;
using AgentApp.Worker.Tasks.Durable;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>
/// <c>orchestrated</c>: each turn the orchestrator agent is asked who should speak next (one of the team), and that
/// agent answers. The run stops when the orchestrator says the goal is met (or names nobody it knows), or at the turn
/// limit (the orchestrator's turns count); the last answer is the result. Both kinds of turn are activities.
/// </summary>
public sealed partial class OrchestratedAgentsWorkflow : Workflow<MultiAgentTaskInput, AgentTaskOutcome>
{
    /// <inheritdoc />
    public override async Task<AgentTaskOutcome> RunAsync(WorkflowContext context, MultiAgentTaskInput input)
    {
        var run = new AgentRun(context, input);
        if (!await run.StartAsync())
        {
            return AgentRun.Skipped;
        }

        List<AgentLine> said = [];
        var prompt = NextSpeakerQuestion(input.Agents);
        for (var turns = 0; turns + 2 <= input.MaxTurns; turns += 2)
        {
            if (await run.TurnAsync(input.Orchestrator, said, prompt) is not { } pick)
            {
                return await run.EndAsync();
            }

            if (NextSpeaker(pick.Text, input.Agents) is not { } next)
            {
                break;
            }

            if (await run.TurnAsync(next, said) is not { } answer)
            {
                return await run.EndAsync();
            }

            said.Add(new AgentLine(next, answer.Text));
        }

        return said.Count > 0
            ? await run.SucceedAsync(said[^1].Text)
            : await run.FailAsync($"{input.Orchestrator} ended the run before any agent answered.");
    }

    /// <summary>What the orchestrator is asked each turn.</summary>
    public static string NextSpeakerQuestion(IReadOnlyList<string> team) =>
        $"Who should speak next? {OfflineRoles.CandidatesLabel} {string.Join(", ", team)}. Answer with one name only, or {OfflineRoles.Done} when the goal is met.";

    /// <summary>The team member the orchestrator's <paramref name="reply"/> names first; null for DONE or nobody known.</summary>
    public static string? NextSpeaker(string reply, IReadOnlyList<string> team)
    {
        var trimmed = reply.Trim();
        if (trimmed.StartsWith(OfflineRoles.Done, StringComparison.OrdinalIgnoreCase) || trimmed.Length > 2000)
        {
            return null;
        }

        return Words().Matches(trimmed).Select(m => m.Value.ToLowerInvariant()).FirstOrDefault(team.Contains);
    }

    [GeneratedRegex("[A-Za-z0-9][A-Za-z0-9-]*", RegexOptions.NonBacktracking)]
    private static partial Regex Words();
}
