using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Replaces what looks like a secret (<see cref="SecretPatterns"/>) in replies and tool results with a marker, and says
/// so in a warning. A stream passes through <see cref="StreamingSecretFilter"/>, so no part of a secret is ever sent.
/// </summary>
public sealed class SecretRedactionChatClient(IChatClient innerClient, GuardrailOptions options, GuardrailDecisions decisions)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, chatOptions, cancellationToken);
        if (!options.RedactSecrets)
        {
            return response;
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            RedactContent(content, found);
        }

        if (Record(found, decisions) is { } warning)
        {
            GuardrailWarnings.Prepend(response, warning);
        }

        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, chatOptions, cancellationToken);
        return options.RedactSecrets
            ? RedactAsync(updates, new StreamingSecretFilter(options.StreamingTailCharacters, options.MaxHeldCharacters), cancellationToken)
            : updates;
    }

    /// <summary>
    /// Counts and audits one redaction check (<paramref name="found"/> holds the kinds of secret replaced, if any); returns
    /// the warning for the caller when something was replaced.
    /// </summary>
    public static string? Record(IReadOnlySet<string> found, GuardrailDecisions decisions)
    {
        if (found.Count == 0)
        {
            decisions.Pass(GuardrailRules.OutputSecret);
            return null;
        }

        decisions.Record(GuardrailRules.OutputSecret, GuardrailOutcomes.Redact, string.Join(",", found.Order()));
        return GuardrailWarnings.SecretsRedacted(found);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> RedactAsync(IAsyncEnumerable<ChatResponseUpdate> stream, StreamingSecretFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatResponseUpdate? last = null;
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ExceptionDispatchInfo? failure = null;
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            if (failure is not null)
            {
                // What was held is checked and sent before the failure, as it would have been without guardrails.
                if (filter.Flush() is { Length: > 0 } held)
                {
                    yield return GuardrailWarnings.CopyOf(last, [new TextContent(held)]);
                }

                failure.Throw();
            }

            last = updates.Current;
            if (Filter(updates.Current, filter) is { } filtered)
            {
                yield return filtered;
            }
        }

        if (filter.Flush() is { Length: > 0 } rest)
        {
            yield return GuardrailWarnings.CopyOf(last, [new TextContent(rest)]);
        }

        if (Record(filter.Found, decisions) is { } warning)
        {
            yield return GuardrailWarnings.Notice(last, [warning]);
        }
    }

    /// <summary>
    /// Text is held and released by the filter; anything else (tool calls, results, usage) first releases what is held,
    /// so the order of text and tool events is kept. Null when there is nothing to send yet.
    /// </summary>
    private static ChatResponseUpdate? Filter(ChatResponseUpdate update, StreamingSecretFilter filter)
    {
        List<AIContent> contents = [];
        var text = string.Concat(update.Contents.OfType<TextContent>().Select(t => t.Text));
        var released = text.Length > 0 ? filter.Push(text) : "";
        var others = update.Contents.Where(c => c is not TextContent).ToList();
        if (others.Count > 0)
        {
            released += filter.Flush();
        }

        if (released.Length > 0)
        {
            contents.Add(new TextContent(released));
        }

        foreach (var other in others)
        {
            RedactContent(other, filter.Found);
            contents.Add(other);
        }

        return contents.Count > 0 || update.FinishReason is not null ? GuardrailWarnings.CopyOf(update, contents) : null;
    }

    private static void RedactContent(AIContent content, HashSet<string> found)
    {
        switch (content)
        {
            case TextContent text:
                text.Text = SecretPatterns.Redact(text.Text, found);
                break;
            case FunctionResultContent { Result: string result } toolResult:
                toolResult.Result = SecretPatterns.Redact(result, found);
                break;
        }
    }
}
