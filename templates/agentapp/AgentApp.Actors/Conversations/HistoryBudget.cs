using AgentApp.Contracts;

namespace AgentApp.Actors.Conversations;

/// <summary>Keeps a history within a token budget by dropping its oldest messages.</summary>
public static class HistoryBudget
{
    /// <summary>
    /// A provider-neutral estimate: about four characters per token plus a few tokens of per-message framing. Good enough
    /// for a budget; the model's own count arrives as usage.
    /// </summary>
    public static int EstimateTokens(ConversationMessage message) => 4 + (message.Text.Length + 3) / 4;

    /// <summary>
    /// Removes the oldest messages until the rest fit <paramref name="maxTokens"/>, never touching the last
    /// <paramref name="keepLast"/> (the turn being stored), and starts the kept history on a user message so a reply is
    /// never kept without its question. Returns how many were removed.
    /// </summary>
    public static int Trim(List<ConversationMessage> messages, int maxTokens, int keepLast)
    {
        var removable = Math.Max(0, messages.Count - keepLast);
        var total = messages.Sum(EstimateTokens);
        var removed = 0;
        while (removed < removable && total > maxTokens)
        {
            total -= EstimateTokens(messages[removed++]);
        }

        while (removed > 0 && removed < removable && messages[removed].Role != ConversationRoles.User)
        {
            removed++;
        }

        messages.RemoveRange(0, removed);
        return removed;
    }
}
