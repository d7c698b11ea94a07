using System.Text.RegularExpressions;
using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Offline;

/// <summary>The parts a named agent can play; the offline model plays each deterministically.</summary>
public enum OfflineRole
{
    /// <summary>Plans the work; as orchestrator, picks who speaks next.</summary>
    Planner,

    /// <summary>Looks the goal up in the knowledge base.</summary>
    Researcher,

    /// <summary>Drafts the answer from what the others said.</summary>
    Writer,

    /// <summary>Checks the draft and gives the final answer.</summary>
    Reviewer,
}

/// <summary>
/// How the offline model plays a named agent. The role comes from the agent's instructions ("You are the planner",
/// "…the researcher", "…the writer", "…the reviewer"); the goal is the last user message; what the other agents said
/// before is the assistant messages after it, each under its agent's name. Every answer depends on those alone, so a
/// multi-agent run without a model key is exact and repeatable.
/// </summary>
public static partial class OfflineRoles
{
    /// <summary>The words a next-speaker question lists the candidates after, up to the first full stop.</summary>
    public const string CandidatesLabel = "Candidates:";

    /// <summary>What a next-speaker answer says when the goal is met.</summary>
    public const string Done = "DONE";

    private const int MaxExcerpt = 600;

    /// <summary>The role the instructions of this request name, or null for a plain chat request.</summary>
    public static OfflineRole? Of(IReadOnlyList<ChatMessage> history, ChatOptions? options)
    {
        var instructions = string.Join("\n", history.Where(m => m.Role == ChatRole.System).Select(m => m.Text).Prepend(options?.Instructions ?? ""));
        var match = RoleSentence().Match(instructions.Length > OfflineIntents.MaxRequestLength ? instructions[..OfflineIntents.MaxRequestLength] : instructions);
        return match.Success && Enum.TryParse<OfflineRole>(match.Groups["role"].Value, ignoreCase: true, out var role) ? role : null;
    }

    /// <summary>The tool call the role makes first: the researcher searches the knowledge base for the goal, once, if it has the tool.</summary>
    public static OfflineToolCall? ToolCall(OfflineRole role, IReadOnlyList<ChatMessage> history, ChatOptions? options) =>
        role == OfflineRole.Researcher
        && NextSpeakerCandidates(history) is null
        && history.All(m => m.Role != ChatRole.Tool)
        && options?.Tools?.Any(t => t.Name == ToolNames.SearchKnowledge) == true
        && Goal(history) is { Length: > 0 } goal
            ? new OfflineToolCall(ToolNames.SearchKnowledge, new Dictionary<string, object?> { ["query"] = goal })
            : null;

    /// <summary>The role's answer to <paramref name="history"/>.</summary>
    public static string Reply(OfflineRole role, IReadOnlyList<ChatMessage> history)
    {
        if (NextSpeakerCandidates(history) is { } candidates)
        {
            // The orchestrator's pick: the first candidate who has not spoken yet, then done.
            var spoken = Contributions(history).Select(m => m.AuthorName).ToHashSet(StringComparer.Ordinal);
            return candidates.FirstOrDefault(c => !spoken.Contains(c)) ?? Done;
        }

        var goal = Goal(history);
        var said = Contributions(history);
        var memory = EarlierMessages(history) is > 0 and var earlier ? $" (I can see {earlier} earlier message(s) of this conversation.)" : "";
        return role switch
        {
            OfflineRole.Planner => $"Plan for \"{Excerpt(goal, 200)}\": 1. researcher: look it up in the knowledge base. 2. writer: draft the answer from the findings. 3. reviewer: check the draft and give the final answer.{memory}",
            OfflineRole.Researcher => history.LastOrDefault(m => m.Role == ChatRole.Tool) is { } found
                ? $"Findings for \"{Excerpt(goal, 200)}\": {Excerpt(string.Join(" ", found.Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString())), MaxExcerpt)}{memory}"
                : $"Findings for \"{Excerpt(goal, 200)}\": nothing looked up (I have no knowledge-base tool).{memory}",
            OfflineRole.Writer => said.Count == 0
                ? $"Draft answer to \"{Excerpt(goal, 200)}\": no findings to write from.{memory}"
                : $"Draft answer to \"{Excerpt(goal, 200)}\", from {string.Join(" and ", said.Select(m => m.AuthorName ?? "assistant").Distinct())}: {Excerpt(Latest(said, "researcher").Text, MaxExcerpt)}{memory}",
            _ => said.Count == 0
                ? $"Final answer: there was no draft of \"{Excerpt(goal, 200)}\" to review.{memory}"
                : $"Final answer (reviewed by the offline reviewer, approved): {Excerpt(Latest(said, "writer").Text, MaxExcerpt)}",
        };
    }

    // The last user message that is not a next-speaker question: what the agents are working on.
    private static string Goal(IReadOnlyList<ChatMessage> history) =>
        history.LastOrDefault(m => m.Role == ChatRole.User && !m.Text.Contains(CandidatesLabel, StringComparison.Ordinal))?.Text.Trim() ?? "";

    // The other agents' answers since the goal, oldest first.
    private static List<ChatMessage> Contributions(IReadOnlyList<ChatMessage> history)
    {
        var goalAt = LastIndex(history, m => m.Role == ChatRole.User && !m.Text.Contains(CandidatesLabel, StringComparison.Ordinal));
        return [.. history.Skip(goalAt + 1).Where(m => m.Role == ChatRole.Assistant && m.Text.Length > 0)];
    }

    // Messages of the conversation before the goal (its memory), system prompts aside.
    private static int EarlierMessages(IReadOnlyList<ChatMessage> history) =>
        history.Take(LastIndex(history, m => m.Role == ChatRole.User && !m.Text.Contains(CandidatesLabel, StringComparison.Ordinal)))
            .Count(m => m.Role != ChatRole.System);

    private static ChatMessage Latest(List<ChatMessage> said, string preferred) =>
        said.LastOrDefault(m => m.AuthorName == preferred) ?? said[^1];

    private static IReadOnlyList<string>? NextSpeakerCandidates(IReadOnlyList<ChatMessage> history)
    {
        var last = history.LastOrDefault(m => m.Role != ChatRole.System);
        if (last?.Role != ChatRole.User || last.Text.Length > OfflineIntents.MaxRequestLength || CandidateList().Match(last.Text) is not { Success: true } match)
        {
            return null;
        }

        return match.Groups["list"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static int LastIndex(IReadOnlyList<ChatMessage> history, Func<ChatMessage, bool> predicate)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (predicate(history[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Excerpt(string? text, int max)
    {
        var flat = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }

    [GeneratedRegex(@"\bYou are the (?<role>planner|researcher|writer|reviewer)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex RoleSentence();

    [GeneratedRegex(@"Candidates:\s*(?<list>[a-z0-9][a-z0-9, -]*)", RegexOptions.NonBacktracking)]
    private static partial Regex CandidateList();
}
