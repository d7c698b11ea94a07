namespace AgentApp.Agent.Guardrails;

/// <summary>A guardrail's refusal: the rule and what to tell the caller.</summary>
/// <param name="Rule">One of <see cref="GuardrailRules"/>.</param>
/// <param name="Detail">Why, without the refused text.</param>
public sealed record GuardrailRefusal(string Rule, string Detail)
{
    /// <summary>The refusal as the exception the chat pipeline throws.</summary>
    public GuardrailViolationException ToException() => new(Rule, Detail);
}

/// <summary>
/// The input guardrails as checks over request text, each decision counted and audited: the chat middleware
/// (<see cref="InputLimitsChatClient"/>, <see cref="PromptInjectionChatClient"/>) and the MCP server's argument checks run
/// these same lines, so a limit means one thing wherever input arrives.
/// </summary>
public static class InputChecks
{
    /// <summary>Refuses more than <see cref="GuardrailOptions.MaxMessages"/> messages.</summary>
    public static GuardrailRefusal? Count(int count, GuardrailOptions options, GuardrailDecisions decisions) =>
        count > options.MaxMessages
            ? Refuse(decisions, GuardrailRules.MessageCount, $"max {options.MaxMessages}",
                $"The conversation has {count} messages; at most {options.MaxMessages} are accepted.")
            : Pass(decisions, GuardrailRules.MessageCount);

    /// <summary>Refuses a text longer than <see cref="GuardrailOptions.MaxMessageLength"/>; <paramref name="subject"/> names one ("A message").</summary>
    public static GuardrailRefusal? Length(IEnumerable<string> texts, string subject, GuardrailOptions options, GuardrailDecisions decisions) =>
        texts.Any(t => t.Length > options.MaxMessageLength)
            ? Refuse(decisions, GuardrailRules.MessageLength, $"max {options.MaxMessageLength}",
                $"{subject} is longer than {options.MaxMessageLength} characters.")
            : Pass(decisions, GuardrailRules.MessageLength);

    /// <summary>
    /// Runs <see cref="PromptInjectionHeuristics"/> over <paramref name="texts"/> unless switched off: a match is refused in
    /// block mode, and in flag mode recorded and returned in <paramref name="flagged"/> (the pattern's name).
    /// </summary>
    public static GuardrailRefusal? PromptInjection(IEnumerable<string> texts, string subject, GuardrailOptions options,
        GuardrailDecisions decisions, out string? flagged)
    {
        flagged = null;
        if (options.PromptInjection == PromptInjectionMode.Off)
        {
            return null;
        }

        if (texts.Select(PromptInjectionHeuristics.Match).FirstOrDefault(p => p is not null) is not { } pattern)
        {
            return Pass(decisions, GuardrailRules.PromptInjection);
        }

        if (options.PromptInjection == PromptInjectionMode.Block)
        {
            return Refuse(decisions, GuardrailRules.PromptInjection, pattern, $"{subject} resembles a prompt-injection attempt ({pattern}).");
        }

        decisions.Record(GuardrailRules.PromptInjection, GuardrailOutcomes.Flag, pattern);
        flagged = pattern;
        return null;
    }

    private static GuardrailRefusal? Pass(GuardrailDecisions decisions, string rule)
    {
        decisions.Pass(rule);
        return null;
    }

    private static GuardrailRefusal Refuse(GuardrailDecisions decisions, string rule, string reason, string detail)
    {
        decisions.Record(rule, GuardrailOutcomes.Block, reason);
        return new GuardrailRefusal(rule, detail);
    }
}
