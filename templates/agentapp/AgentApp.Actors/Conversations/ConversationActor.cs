using AgentApp.Contracts;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace AgentApp.Actors.Conversations;

/// <summary>
/// Keeps one conversation in the actor state store: its owner, its history within a token budget, and an idle reminder
/// that deletes it when nobody has written to it for <see cref="ConversationOptions.IdleTimeToLive"/>.
/// </summary>
public sealed class ConversationActor : Actor, IConversationActor, IRemindable
{
    /// <summary>The one state key: the whole <see cref="ConversationState"/>.</summary>
    public const string StateKey = "conversation";

    /// <summary>The one-shot reminder re-armed by every append.</summary>
    public const string IdleReminder = "idle-expiry";

    private readonly ConversationOptions _options;
    private readonly TimeProvider _time;

    /// <summary>The constructor the actor runtime activates through dependency injection.</summary>
    [ActivatorUtilitiesConstructor]
    public ConversationActor(ActorHost host, IOptions<ConversationOptions> options, TimeProvider time)
        : base(host)
    {
        _options = options.Value;
        _time = time;
    }

    /// <summary>Test seam: <see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/> has no state provider.</summary>
    internal ConversationActor(ActorHost host, IOptions<ConversationOptions> options, TimeProvider time, IActorStateManager stateManager)
        : this(host, options, time) => StateManager = stateManager;

    /// <inheritdoc />
    public async Task<ConversationView> GetAsync(string tenant) => await LoadAsync() switch
    {
        null => ConversationView.Denied(ConversationAccess.None),
        { } state when state.Owner == tenant => state.ToView(),
        _ => ConversationView.Denied(ConversationAccess.OtherTenant),
    };

    /// <inheritdoc />
    public async Task<AppendResult> AppendAsync(AppendRequest request)
    {
        var state = await LoadAsync();
        if (state is not null && state.Owner != request.Tenant)
        {
            return new AppendResult(false, 0, 0);
        }

        var now = _time.GetUtcNow();
        var messages = new List<ConversationMessage>(state?.Messages ?? []);
        messages.AddRange(request.Messages);
        var trimmed = HistoryBudget.Trim(messages, _options.MaxHistoryTokens, keepLast: request.Messages.Count);
        var next = new ConversationState(request.Tenant, messages, state?.CreatedAt ?? now, now, (state?.TrimmedCount ?? 0) + trimmed);
        await StateManager.SetStateAsync(StateKey, next);
        await ArmIdleReminderAsync(_options.IdleTimeToLive);
        return new AppendResult(true, messages.Count, next.TrimmedCount);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string tenant)
    {
        if (await LoadAsync() is not { } state || state.Owner != tenant)
        {
            return false;
        }

        await StateManager.RemoveStateAsync(StateKey);
        await UnregisterReminderAsync(IdleReminder);
        return true;
    }

    /// <inheritdoc />
    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName != IdleReminder || await LoadAsync() is not { } conversation)
        {
            return;
        }

        // A reminder can fire late or race an append that re-armed it: trust the clock, not the firing.
        var idleFor = _time.GetUtcNow() - conversation.UpdatedAt;
        if (idleFor >= _options.IdleTimeToLive)
        {
            await StateManager.RemoveStateAsync(StateKey);
        }
        else
        {
            await ArmIdleReminderAsync(_options.IdleTimeToLive - idleFor);
        }
    }

    // A negative period makes a one-shot reminder; registering it again moves its due time.
    private Task ArmIdleReminderAsync(TimeSpan dueIn) =>
        RegisterReminderAsync(IdleReminder, null, dueIn, Timeout.InfiniteTimeSpan);

    private async Task<ConversationState?> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<ConversationState>(StateKey);
        return stored.HasValue ? stored.Value : null;
    }
}
