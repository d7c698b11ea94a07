using System.Text.RegularExpressions;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// A few phrasings that prompt-injection attempts share, as named regular expressions. This is a tripwire, not a
/// classifier: it catches the copy-pasted classics and costs microseconds; a determined attacker rephrases. Keep the
/// list short and each pattern explained, so a flag can be understood from its name.
/// </summary>
public static partial class PromptInjectionHeuristics
{
    /// <summary>The patterns, by name.</summary>
    public static IReadOnlyList<(string Name, Regex Pattern)> All { get; } =
    [
        // "Ignore all previous instructions", "disregard the rules above", "forget your prompt".
        ("ignore_instructions", IgnoreInstructions()),
        // "Reveal your system prompt", "print your hidden instructions".
        ("reveal_system_prompt", RevealSystemPrompt()),
        // "You are now DAN", "pretend you have no restrictions", "developer mode enabled".
        ("role_override", RoleOverride()),
        // Chat-template control tokens pasted into a message to fake a system or assistant turn.
        ("fake_turn_markers", FakeTurnMarkers()),
    ];

    /// <summary>The name of the first pattern <paramref name="text"/> matches, or null.</summary>
    public static string? Match(string text)
    {
        foreach (var (name, pattern) in All)
        {
            try
            {
                if (pattern.IsMatch(text))
                {
                    return name;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Pathological input: treat as suspicious rather than spend more time on it.
                return name;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|bypass)\b[\w\s,'-]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system)\b[\w\s,'-]{0,40}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex IgnoreInstructions();

    [GeneratedRegex(@"\b(?:reveal|show|print|repeat|output|display|leak|tell me)\b[\w\s,'-]{0,30}?\b(?:system prompt|(?:initial|hidden|secret|original|system) (?:instructions|prompt|rules))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex RevealSystemPrompt();

    [GeneratedRegex(@"\b(?:you are now|from now on,? you(?: are|'re)|pretend (?:to be|you are|you have)|act as)\b[\w\s,'-]{0,40}?\b(?:DAN|jailbr(?:oken|eak)|unfiltered|unrestricted|no (?:rules|restrictions|limits|filters))\b|\bdeveloper mode\b[\w\s,'-]{0,20}?\b(?:enabled|on|activated)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex RoleOverride();

    [GeneratedRegex(@"<\|(?:im_start|im_end|system|endoftext|start_header_id)\|>|\[/?INST\]|<</?SYS>>",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex FakeTurnMarkers();
}
