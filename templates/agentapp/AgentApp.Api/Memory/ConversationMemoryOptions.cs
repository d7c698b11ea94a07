using System.ComponentModel.DataAnnotations;

namespace AgentApp.Api.Memory;

/// <summary>How the api reaches conversation memory through its Dapr sidecar (configuration section <c>ConversationMemory</c>).</summary>
public sealed class ConversationMemoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ConversationMemory";

    /// <summary>How long the sidecar health probe (and a connection attempt) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan SidecarProbeTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long one actor call may take, queueing behind other turns of the same conversation included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ActorCallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a "sidecar down" verdict is kept before probing again; short, so memory turns on soon after daprd starts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DownVerdictLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a "sidecar up" verdict is kept; a failed call ends it early.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UpVerdictLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
