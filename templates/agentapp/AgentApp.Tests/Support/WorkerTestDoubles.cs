using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace AgentApp.Tests.Support;

/// <summary>
/// A model that, for goals containing <see cref="Marker"/>, blocks until its call is cancelled (a long model call), and
/// says so; other goals pass through.
/// </summary>
public sealed class SlowChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <summary>Goals containing this block.</summary>
    public const string Marker = "slowly";

    /// <summary>Goals whose call was cancelled while blocked.</summary>
    public ConcurrentQueue<string> Cancelled { get; } = new();

    /// <summary>Goals whose call is blocked now.</summary>
    public ConcurrentDictionary<string, bool> Blocked { get; } = new();

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var goal = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        if (!goal.Contains(Marker, StringComparison.Ordinal))
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }

        Blocked[goal] = true;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
        catch (OperationCanceledException)
        {
            Cancelled.Enqueue(goal);
            throw;
        }
        finally
        {
            Blocked.TryRemove(goal, out _);
        }
    }
}
