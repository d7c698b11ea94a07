using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Runs <see cref="PromptInjectionHeuristics"/> over what the caller wrote (every role but the model's own assistant
/// turns and tool results): a match is refused before the model is called in block mode, or answered with a warning in
/// flag mode.
/// </summary>
public sealed class PromptInjectionChatClient(IChatClient innerClient, GuardrailOptions options, GuardrailDecisions decisions)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default)
    {
        var (list, flagged) = Check(messages);
        var response = await base.GetResponseAsync(list, chatOptions, cancellationToken);
        if (flagged is not null)
        {
            GuardrailWarnings.Prepend(response, GuardrailWarnings.InjectionFlagged(flagged));
        }

        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        // Checked now, not on first enumeration: a refused stream fails before the endpoint sends a status line.
        var (list, flagged) = Check(messages);
        var updates = base.GetStreamingResponseAsync(list, chatOptions, cancellationToken);
        return flagged is null ? updates : WithWarningAsync(updates, GuardrailWarnings.InjectionFlagged(flagged), cancellationToken);
    }

    private (List<ChatMessage> Messages, string? Flagged) Check(IEnumerable<ChatMessage> messages)
    {
        var list = messages as List<ChatMessage> ?? [.. messages];
        var written = list.Where(m => m.Role != ChatRole.Assistant && m.Role != ChatRole.Tool).Select(m => m.Text);
        if (InputChecks.PromptInjection(written, "The message", options, decisions, out var flagged) is { } refusal)
        {
            throw refusal.ToException();
        }

        return (list, flagged);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> WithWarningAsync(IAsyncEnumerable<ChatResponseUpdate> updates, string warning,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatResponseUpdate? last = null;
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            last = update;
            yield return update;
        }

        yield return GuardrailWarnings.Notice(last, [warning]);
    }
}
