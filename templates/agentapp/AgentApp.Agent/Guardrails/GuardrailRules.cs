namespace AgentApp.Agent.Guardrails;

/// <summary>The rule names metrics, audit events and problem details carry.</summary>
public static class GuardrailRules
{
    /// <summary>A message longer than <see cref="GuardrailOptions.MaxMessageLength"/>.</summary>
    public const string MessageLength = "input_message_length";

    /// <summary>More messages than <see cref="GuardrailOptions.MaxMessages"/>.</summary>
    public const string MessageCount = "input_message_count";

    /// <summary>A user message matching a <see cref="PromptInjectionHeuristics"/> pattern.</summary>
    public const string PromptInjection = "prompt_injection";

    /// <summary>The tenant's tool allowlist removed tools or refused a call.</summary>
    public const string ToolAllowlist = "tool_allowlist";

    /// <summary>A reply carried something shaped like a secret.</summary>
    public const string OutputSecret = "output_secret";
}

/// <summary>What a rule decided.</summary>
public static class GuardrailOutcomes
{
    /// <summary>Nothing to do.</summary>
    public const string Pass = "pass";

    /// <summary>Passed on with a warning.</summary>
    public const string Flag = "flag";

    /// <summary>The request was refused.</summary>
    public const string Block = "block";

    /// <summary>Tools were withheld from the model.</summary>
    public const string Filter = "filter";

    /// <summary>A call to a tool that is not allowed was not run.</summary>
    public const string Refuse = "refuse";

    /// <summary>Part of the reply was replaced by a marker.</summary>
    public const string Redact = "redact";
}
