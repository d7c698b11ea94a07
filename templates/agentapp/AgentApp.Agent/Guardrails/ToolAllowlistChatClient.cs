using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Applies the tenant's tool allowlist to <see cref="ChatOptions.Tools"/>: a tool that is not allowed is neither offered
/// nor runnable (placed outside function invocation, a call to one is answered "not found" there) and every such call
/// is recorded here as refused.
/// </summary>
public sealed class ToolAllowlistChatClient(IChatClient innerClient, GuardrailOptions options, GuardrailDecisions decisions)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default)
    {
        var (filtered, withheld) = Apply(chatOptions);
        var response = await base.GetResponseAsync(messages, filtered, cancellationToken);
        RecordRefusedCalls(response.Messages.SelectMany(m => m.Contents), withheld);
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var (filtered, withheld) = Apply(chatOptions);
        var updates = base.GetStreamingResponseAsync(messages, filtered, cancellationToken);
        return withheld.Count == 0 ? updates : RecordingRefusedCallsAsync(updates, withheld, cancellationToken);
    }

    private (ChatOptions? Options, IReadOnlySet<string> Withheld) Apply(ChatOptions? chatOptions)
    {
        if (chatOptions?.Tools is not { Count: > 0 } tools || options.AllowedTools(decisions.Tenant) is not { } allowed)
        {
            decisions.Pass(GuardrailRules.ToolAllowlist);
            return (chatOptions, new HashSet<string>());
        }

        // The allowlist is about what runs here; tools a client declared run on the client.
        var withheld = tools.Where(t => t is AIFunction && !allowed.Contains(t.Name)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (withheld.Count == 0)
        {
            decisions.Pass(GuardrailRules.ToolAllowlist);
            return (chatOptions, withheld);
        }

        decisions.Record(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Filter, string.Join(",", withheld.Order()));
        var filtered = chatOptions.Clone();
        filtered.Tools = [.. tools.Where(t => !withheld.Contains(t.Name))];
        return (filtered, withheld);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> RecordingRefusedCallsAsync(IAsyncEnumerable<ChatResponseUpdate> updates,
        IReadOnlySet<string> withheld, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            RecordRefusedCalls(update.Contents, withheld);
            yield return update;
        }
    }

    private void RecordRefusedCalls(IEnumerable<AIContent> contents, IReadOnlySet<string> withheld)
    {
        foreach (var call in contents.OfType<FunctionCallContent>().Where(c => withheld.Contains(c.Name)))
        {
            decisions.Record(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Refuse, call.Name);
        }
    }
}
