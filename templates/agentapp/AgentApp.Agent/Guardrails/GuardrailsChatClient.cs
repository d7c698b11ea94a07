using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// The agent's guardrails as one middleware, placed outside function invocation so each rule runs once per turn:
/// input limits and prompt-injection heuristics before the model is called (a block throws
/// <see cref="GuardrailViolationException"/> before anything is sent), the tenant's tool allowlist applied to
/// <see cref="ChatOptions.Tools"/> (so a tool that is not allowed is neither offered nor runnable, and a call to one is
/// answered "not found" by function invocation and recorded here as refused), and secrets redacted from the reply.
/// </summary>
public sealed class GuardrailsChatClient(IChatClient innerClient, GuardrailOptions options, GuardrailDecisions decisions)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default)
    {
        var (list, warnings) = CheckInput(messages);
        var (filtered, withheld) = ApplyAllowlist(chatOptions);
        var response = await base.GetResponseAsync(list, filtered, cancellationToken);

        RecordRefusedCalls(response.Messages.SelectMany(m => m.Contents), withheld);
        if (options.RedactSecrets)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var content in response.Messages.SelectMany(m => m.Contents))
            {
                RedactContent(content, found);
            }

            RecordOutput(found, warnings);
        }

        if (warnings.Count > 0)
        {
            (response.AdditionalProperties ??= [])[GuardrailWarnings.Key] = warnings;
        }

        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        // Checked now, not on first enumeration: a refused stream fails before the endpoint sends a status line.
        var (list, warnings) = CheckInput(messages);
        var (filtered, withheld) = ApplyAllowlist(chatOptions);
        return StreamAsync(list, filtered, withheld, warnings, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(List<ChatMessage> messages, ChatOptions? chatOptions,
        IReadOnlySet<string> withheld, List<string> warnings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = options.RedactSecrets ? new StreamingSecretFilter(options.StreamingTailCharacters, options.MaxHeldCharacters) : null;
        ChatResponseUpdate? last = null;
        await using var updates = base.GetStreamingResponseAsync(messages, chatOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                if (filter?.Flush() is { Length: > 0 } held)
                {
                    yield return CopyOf(last, [new TextContent(held)]);
                }

                failure.Throw();
            }

            var update = updates.Current;
            last = update;
            RecordRefusedCalls(update.Contents, withheld);
            if (filter is null)
            {
                yield return update;
                continue;
            }

            // Text is held and released by the filter; anything else (tool calls, results, usage) first releases what
            // is held, so the order of text and tool events is kept.
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

            if (contents.Count > 0 || update.FinishReason is not null)
            {
                yield return CopyOf(update, contents);
            }
        }

        if (filter is not null)
        {
            if (filter.Flush() is { Length: > 0 } rest)
            {
                yield return CopyOf(last, [new TextContent(rest)]);
            }

            RecordOutput(filter.Found, warnings);
        }

        if (warnings.Count > 0)
        {
            var notice = CopyOf(last, []);
            notice.FinishReason = null;
            notice.AdditionalProperties = new() { [GuardrailWarnings.Key] = warnings };
            yield return notice;
        }
    }

    private (List<ChatMessage> Messages, List<string> Warnings) CheckInput(IEnumerable<ChatMessage> messages)
    {
        var list = messages as List<ChatMessage> ?? [.. messages];
        var conversation = list.Where(m => m.Role != ChatRole.System).ToList();
        if (conversation.Count > options.MaxMessages)
        {
            Block(GuardrailRules.MessageCount, $"max {options.MaxMessages}",
                $"The conversation has {conversation.Count} messages; at most {options.MaxMessages} are accepted.");
        }

        decisions.Pass(GuardrailRules.MessageCount);
        if (conversation.FirstOrDefault(m => m.Text.Length > options.MaxMessageLength) is not null)
        {
            Block(GuardrailRules.MessageLength, $"max {options.MaxMessageLength}",
                $"A message is longer than {options.MaxMessageLength} characters.");
        }

        decisions.Pass(GuardrailRules.MessageLength);
        List<string> warnings = [];
        if (options.PromptInjection == PromptInjectionMode.Off)
        {
            return (list, warnings);
        }

        var pattern = conversation.Where(m => m.Role == ChatRole.User).Select(m => PromptInjectionHeuristics.Match(m.Text)).FirstOrDefault(p => p is not null);
        if (pattern is null)
        {
            decisions.Pass(GuardrailRules.PromptInjection);
        }
        else if (options.PromptInjection == PromptInjectionMode.Block)
        {
            Block(GuardrailRules.PromptInjection, pattern, $"The message resembles a prompt-injection attempt ({pattern}).");
        }
        else
        {
            decisions.Record(GuardrailRules.PromptInjection, GuardrailOutcomes.Flag, pattern);
            warnings.Add(GuardrailWarnings.InjectionFlagged(pattern));
        }

        return (list, warnings);
    }

    private void Block(string rule, string reason, string detail)
    {
        decisions.Record(rule, GuardrailOutcomes.Block, reason);
        throw new GuardrailViolationException(rule, detail);
    }

    private (ChatOptions? Options, IReadOnlySet<string> Withheld) ApplyAllowlist(ChatOptions? chatOptions)
    {
        if (chatOptions?.Tools is not { Count: > 0 } tools || options.AllowedTools(decisions.Tenant) is not { } allowed)
        {
            decisions.Pass(GuardrailRules.ToolAllowlist);
            return (chatOptions, new HashSet<string>());
        }

        var withheld = tools.Where(t => !allowed.Contains(t.Name)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (withheld.Count == 0)
        {
            decisions.Pass(GuardrailRules.ToolAllowlist);
            return (chatOptions, withheld);
        }

        decisions.Record(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Filter, string.Join(",", withheld.Order()));
        var filtered = chatOptions.Clone();
        filtered.Tools = [.. tools.Where(t => allowed.Contains(t.Name))];
        return (filtered, withheld);
    }

    private void RecordRefusedCalls(IEnumerable<AIContent> contents, IReadOnlySet<string> withheld)
    {
        foreach (var call in contents.OfType<FunctionCallContent>().Where(c => withheld.Contains(c.Name)))
        {
            decisions.Record(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Refuse, call.Name);
        }
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

    private void RecordOutput(HashSet<string> found, List<string> warnings)
    {
        if (found.Count == 0)
        {
            decisions.Pass(GuardrailRules.OutputSecret);
            return;
        }

        decisions.Record(GuardrailRules.OutputSecret, GuardrailOutcomes.Redact, string.Join(",", found.Order()));
        warnings.Add(GuardrailWarnings.SecretsRedacted(found));
    }

    private static ChatResponseUpdate CopyOf(ChatResponseUpdate? update, IList<AIContent> contents) => new(update?.Role ?? ChatRole.Assistant, contents)
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
