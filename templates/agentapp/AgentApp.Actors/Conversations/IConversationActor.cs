using Dapr.Actors;

namespace AgentApp.Actors.Conversations;

/// <summary>One conversation's history, held by a Dapr actor so it survives restarts and scales out.</summary>
public interface IConversationActor : IActor
{
    /// <summary>Appends a message and returns the new message count.</summary>
    Task<int> AppendAsync(ConversationMessage message);

    /// <summary>The whole history, oldest first.</summary>
    Task<IReadOnlyList<ConversationMessage>> GetHistoryAsync();
}

/// <summary>One turn of a conversation.</summary>
/// <param name="Role">user, assistant, system or tool.</param>
/// <param name="Text">What was said.</param>
/// <param name="At">When it was said.</param>
public sealed record ConversationMessage(string Role, string Text, DateTimeOffset At);
