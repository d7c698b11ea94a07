using System.ComponentModel.DataAnnotations;

namespace AgentApp.Actors.Conversations;

/// <summary>How much a conversation keeps and for how long (configuration section <c>Conversations</c>).</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversations";

    /// <summary>The history's token budget (estimated); older turns are trimmed beyond it.</summary>
    [Range(256, 10_000_000)]
    public int MaxHistoryTokens { get; set; } = 32_000;

    /// <summary>A conversation untouched for this long is deleted by its idle reminder.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan IdleTimeToLive { get; set; } = TimeSpan.FromDays(7);
}
