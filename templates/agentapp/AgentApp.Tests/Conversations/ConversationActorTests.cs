using AgentApp.Actors.Conversations;
using AgentApp.Contracts;
using Dapr.Actors;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;
using Moq;

namespace AgentApp.Tests.Conversations;

/// <summary>The conversation actor alone (<see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/>): state and reminders are mocks.</summary>
public sealed class ConversationActorTests
{
    private readonly Dictionary<string, object> _state = [];
    private readonly Mock<IActorStateManager> _stateManager = new(MockBehavior.Strict);
    private readonly Mock<ActorTimerManager> _timers = new();
    private readonly ManualClock _clock = new();
    private readonly ConversationOptions _options = new() { MaxHistoryTokens = 1000, IdleTimeToLive = TimeSpan.FromHours(1) };
    private readonly ConversationActor _actor;

    public ConversationActorTests()
    {
        _stateManager.Setup(s => s.TryGetStateAsync<ConversationState>(ConversationActor.StateKey, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => _state.TryGetValue(ConversationActor.StateKey, out var value)
                ? new ConditionalValue<ConversationState>(true, (ConversationState)value)
                : new ConditionalValue<ConversationState>(false, null!));
        _stateManager.Setup(s => s.SetStateAsync(ConversationActor.StateKey, It.IsAny<ConversationState>(), It.IsAny<CancellationToken>()))
            .Callback((string key, ConversationState value, CancellationToken _) => _state[key] = value)
            .Returns(Task.CompletedTask);
        _stateManager.Setup(s => s.RemoveStateAsync(ConversationActor.StateKey, It.IsAny<CancellationToken>()))
            .Callback((string key, CancellationToken _) => _state.Remove(key))
            .Returns(Task.CompletedTask);

        var host = ActorHost.CreateForTest<ConversationActor>(new ActorTestOptions
        {
            ActorId = new ActorId("c-1"),
            TimerManager = _timers.Object,
        });
        _actor = new ConversationActor(host, Options.Create(_options), _clock, _stateManager.Object);
    }

    [Fact]
    public async Task The_first_append_creates_the_conversation_for_its_tenant()
    {
        Assert.Equal(ConversationAccess.None, (await _actor.GetAsync("t1")).Access);

        var result = await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "hi"), Message("assistant", "hello")]));

        Assert.Equal(new AppendResult(true, 2, 0), result);
        var view = await _actor.GetAsync("t1");
        Assert.Equal(ConversationAccess.Owner, view.Access);
        Assert.Equal(["hi", "hello"], view.Messages.Select(m => m.Text));
        Assert.Equal(ManualClock.Start, view.CreatedAt);
    }

    [Fact]
    public async Task Another_tenant_can_neither_read_nor_append_nor_delete()
    {
        await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "mine")]));

        var view = await _actor.GetAsync("t2");
        var append = await _actor.AppendAsync(new AppendRequest("t2", [Message("user", "theirs")]));
        var deleted = await _actor.DeleteAsync("t2");

        Assert.Equal(ConversationAccess.OtherTenant, view.Access);
        Assert.Empty(view.Messages);
        Assert.False(append.Accepted);
        Assert.False(deleted);
        Assert.Equal(["mine"], (await _actor.GetAsync("t1")).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Every_append_rearms_a_one_shot_idle_reminder()
    {
        await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "hi")]));
        await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "again")]));

        _timers.Verify(t => t.RegisterReminderAsync(It.Is<ActorReminder>(r =>
            r.Name == ConversationActor.IdleReminder && r.DueTime == TimeSpan.FromHours(1) && r.Period < TimeSpan.Zero)), Times.Exactly(2));
    }

    [Fact]
    public async Task The_idle_reminder_deletes_a_conversation_left_alone_for_its_ttl()
    {
        await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "hi")]));
        _clock.Now += TimeSpan.FromHours(1);

        await _actor.ReceiveReminderAsync(ConversationActor.IdleReminder, [], TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        Assert.Empty(_state);
        Assert.Equal(ConversationAccess.None, (await _actor.GetAsync("t1")).Access);
    }

    [Fact]
    public async Task A_reminder_that_fires_early_rearms_for_the_rest_of_the_ttl()
    {
        await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "hi")]));
        _clock.Now += TimeSpan.FromMinutes(20);

        await _actor.ReceiveReminderAsync(ConversationActor.IdleReminder, [], TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        Assert.NotEmpty(_state);
        _timers.Verify(t => t.RegisterReminderAsync(It.Is<ActorReminder>(r => r.DueTime == TimeSpan.FromMinutes(40))), Times.Once);
    }

    [Fact]
    public async Task Delete_removes_the_state_and_the_reminder()
    {
        await _actor.AppendAsync(new AppendRequest("t1", [Message("user", "hi")]));

        Assert.True(await _actor.DeleteAsync("t1"));

        Assert.Empty(_state);
        _timers.Verify(t => t.UnregisterReminderAsync(It.Is<ActorReminderToken>(r => r.Name == ConversationActor.IdleReminder)), Times.Once);
        Assert.False(await _actor.DeleteAsync("t1"));
    }

    [Fact]
    public async Task History_beyond_the_token_budget_is_trimmed_oldest_turn_first()
    {
        var text = new string('x', 396); // 4 + 99 = 103 estimated tokens per message
        for (var turn = 0; turn < 6; turn++)
        {
            await _actor.AppendAsync(new AppendRequest("t1", [Message("user", $"{turn}{text}"), Message("assistant", $"{turn}{text}")]));
        }

        var view = await _actor.GetAsync("t1");

        Assert.True(view.Messages.Sum(HistoryBudget.EstimateTokens) <= _options.MaxHistoryTokens);
        Assert.Equal(12, view.Messages.Count + view.TrimmedCount);
        Assert.Equal("user", view.Messages[0].Role);
        Assert.StartsWith("5", view.Messages[^1].Text);
    }

    private ConversationMessage Message(string role, string text) => new(role, text, _clock.Now);
}
