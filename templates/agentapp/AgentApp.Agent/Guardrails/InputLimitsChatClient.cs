using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Refuses a request with too many messages or a message that is too long, before the model is called. Every role
/// counts: a caller's system or developer message is as much request content as a user message (one 200 KB system
/// message once spent 50,000 tokens).
/// </summary>
public sealed class InputLimitsChatClient(IChatClient innerClient, GuardrailOptions options, GuardrailDecisions decisions)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default)
    {
        var list = Check(messages);
        return base.GetResponseAsync(list, chatOptions, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        // Checked now, not on first enumeration: a refused stream fails before the endpoint sends a status line.
        var list = Check(messages);
        return base.GetStreamingResponseAsync(list, chatOptions, cancellationToken);
    }

    private List<ChatMessage> Check(IEnumerable<ChatMessage> messages)
    {
        var list = messages as List<ChatMessage> ?? [.. messages];
        if ((InputChecks.Count(list.Count, options, decisions)
             ?? InputChecks.Length(list.Select(m => m.Text), "A message", options, decisions)) is { } refusal)
        {
            throw refusal.ToException();
        }

        return list;
    }
}
