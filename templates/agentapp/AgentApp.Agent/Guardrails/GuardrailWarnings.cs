using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// How guardrails tell the caller what they did: warnings in the response's (or a final update's)
/// <see cref="ChatResponse.AdditionalProperties"/>, which the endpoints add to the reply's warnings.
/// </summary>
public static class GuardrailWarnings
{
    /// <summary>The additional-properties key.</summary>
    public const string Key = "agentapp.guardrail.warnings";

    /// <summary>The warnings on a response or update, if any.</summary>
    public static IReadOnlyList<string> From(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(Key, out var value) == true && value is IReadOnlyList<string> warnings ? warnings : [];

    /// <summary>The warning for a redacted reply.</summary>
    public static string SecretsRedacted(IEnumerable<string> kinds) =>
        $"Part of the reply looked like a secret ({string.Join(", ", kinds.Order())}) and was replaced by [redacted:…] (guardrail {GuardrailRules.OutputSecret}).";

    /// <summary>The warning for a flagged prompt.</summary>
    public static string InjectionFlagged(string pattern) =>
        $"The message resembles a prompt-injection attempt ({pattern}); it was answered and recorded (guardrail {GuardrailRules.PromptInjection}).";
}
