using Dapr.Actors.Runtime;

namespace AgentApp.Actors.Conversations;

/// <summary>Keeps one conversation's messages in the actor state store (Redis in every environment).</summary>
public sealed class ConversationActor(ActorHost host) : Actor(host), IConversationActor
{
    private const string HistoryKey = "history";

    /// <inheritdoc />
    public async Task<int> AppendAsync(ConversationMessage message)
    {
        var history = await LoadAsync();
        history.Add(message);
        await StateManager.SetStateAsync(HistoryKey, history);
        return history.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationMessage>> GetHistoryAsync() => await LoadAsync();

    private async Task<List<ConversationMessage>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<ConversationMessage>>(HistoryKey);
        return stored.HasValue ? stored.Value : [];
    }
}
