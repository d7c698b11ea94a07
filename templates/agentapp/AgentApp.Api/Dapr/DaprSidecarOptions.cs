using System.ComponentModel.DataAnnotations;

namespace AgentApp.Api.Dapr;

/// <summary>How the api reaches actors through its Dapr sidecar (configuration section <c>DaprSidecar</c>).</summary>
public sealed class DaprSidecarOptions
{
    public const string Section = "DaprSidecar";

    /// <summary>How long the sidecar health probe (and a connection attempt) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long one actor call may take, queueing behind other calls to the same actor included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ActorCallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a "sidecar down" verdict is kept before probing again; short, so memory and tasks turn on soon after daprd starts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DownVerdictLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a "sidecar up" verdict is kept; a failed call ends it early.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UpVerdictLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
