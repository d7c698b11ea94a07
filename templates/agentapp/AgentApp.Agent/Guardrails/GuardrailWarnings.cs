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

    /// <summary>Puts <paramref name="warnings"/> before those already on <paramref name="response"/> (outer guardrails speak first).</summary>
    internal static void Prepend(ChatResponse response, params IEnumerable<string> warnings)
    {
        var properties = response.AdditionalProperties ??= [];
        properties[Key] = (IReadOnlyList<string>)[.. warnings, .. From(properties)];
    }

    /// <summary>A final update that carries only <paramref name="warnings"/>, shaped like <paramref name="last"/>.</summary>
    internal static ChatResponseUpdate Notice(ChatResponseUpdate? last, IReadOnlyList<string> warnings)
    {
        var notice = CopyOf(last, []);
        notice.FinishReason = null;
        notice.AdditionalProperties = new() { [Key] = warnings };
        return notice;
    }

    /// <summary><paramref name="update"/> with other contents (an assistant update when there is none).</summary>
    internal static ChatResponseUpdate CopyOf(ChatResponseUpdate? update, IList<AIContent> contents) => new(update?.Role ?? ChatRole.Assistant, contents)
    {
        AdditionalProperties = update?.AdditionalProperties,
        AuthorName = update?.AuthorName,
        ConversationId = update?.ConversationId,
        CreatedAt = update?.CreatedAt,
        FinishReason = update?.FinishReason,
        MessageId = update?.MessageId,
        ModelId = update?.ModelId,
        ResponseId = update?.ResponseId,
    };
}
