using System.ComponentModel.DataAnnotations;

namespace AgentApp.Api.Tasks;

/// <summary>How the api follows and steers tasks (section <c>Tasks</c>), validated at start-up.</summary>
public sealed class TaskLifecycleOptions
{
    public const string Section = "Tasks";

    /// <summary>How often an event stream first re-reads its task; doubled while nothing changes, up to <see cref="EventPollMaxInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan EventPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two reads of a quiet task (e.g. one waiting hours for approval).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan EventPollMaxInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>An idle event stream sends a comment this often, so proxies do not close it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a call to the Dapr workflow engine may take (its client waits forever for a sidecar otherwise). Short,
    /// because a person is waiting for the 503; the worker allows longer for the same call (nobody waits on it).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan WorkflowCallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Whether the subject that submitted a task may approve its tool calls. Off by default: the person who asked for the
    /// work is not the one who checks it. Turn on only where one person does both (a single developer key).
    /// </summary>
    public bool AllowSelfApproval { get; set; }

    /// <summary>The longest approval comment accepted.</summary>
    public const int MaxCommentLength = 1000;
}
