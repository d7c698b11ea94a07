using AgentApp.Contracts;

namespace AgentApp.Actors.Conversations;

/// <summary>What a <see cref="ConversationActor"/> stores under <see cref="ConversationActor.StateKey"/>.</summary>
/// <param name="Owner">The tenant that started the conversation.</param>
/// <param name="Messages">The kept history, oldest first.</param>
/// <param name="CreatedAt">When the first message arrived.</param>
/// <param name="UpdatedAt">When the last message arrived; the idle reminder measures from here.</param>
/// <param name="TrimmedCount">Messages dropped so far to stay within the token budget.</param>
public sealed record ConversationState(
    string Owner, IReadOnlyList<ConversationMessage> Messages, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int TrimmedCount)
{
    /// <summary>The history as its owner sees it.</summary>
    public ConversationView ToView() => new(ConversationAccess.Owner, Messages, TrimmedCount, CreatedAt, UpdatedAt);
}
