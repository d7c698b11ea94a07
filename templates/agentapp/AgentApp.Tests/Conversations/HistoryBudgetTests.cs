using AgentApp.Actors.Conversations;
using AgentApp.Contracts;

namespace AgentApp.Tests.Conversations;

public sealed class HistoryBudgetTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Keeps_everything_within_budget()
    {
        var messages = Turns(3, textLength: 8);

        Assert.Equal(0, HistoryBudget.Trim(messages, maxTokens: 1000, keepLast: 2));
        Assert.Equal(6, messages.Count);
    }

    [Fact]
    public void Drops_the_oldest_and_starts_on_a_user_message()
    {
        var messages = Turns(3, textLength: 40); // 14 tokens each, 84 in all

        var removed = HistoryBudget.Trim(messages, maxTokens: 50, keepLast: 2);

        Assert.Equal(4, removed); // 3 would fit, but the kept history must not start with a reply
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
    }

    [Fact]
    public void Never_drops_the_turn_being_stored()
    {
        var messages = Turns(2, textLength: 4000);

        HistoryBudget.Trim(messages, maxTokens: 10, keepLast: 2);

        Assert.Equal(2, messages.Count);
    }

    private static List<ConversationMessage> Turns(int count, int textLength) =>
        [.. Enumerable.Range(0, count).SelectMany(i => new[]
        {
            new ConversationMessage(ConversationRoles.User, new string('u', textLength), s_at),
            new ConversationMessage(ConversationRoles.Assistant, new string('a', textLength), s_at),
        })];
}
