using System.ComponentModel.DataAnnotations;
using AgentApp.Contracts;

namespace AgentApp.Worker.Tasks;

/// <summary>How the worker runs tasks (section <c>Tasks</c>), validated at start-up.</summary>
public sealed class TaskWorkerOptions
{
    public const string Section = "Tasks";

    /// <summary>
    /// Tasks run at once by one worker. Tasks wait on the model and the actors, not the CPU: 16 doubled no-op throughput
    /// over 4 in a load test; lower it for models with tight rate limits.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Attempts of one model call before the task is dead-lettered and marked failed (each failed one a <c>retry</c> step).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The durable wait before a model call's second attempt; doubled for each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait before a task handed back (workflow engine or Kafka unreachable, shutdown) is tried again; doubled for each further hand-back.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan HandBackDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between hand-backs of one message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxHandBackDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Deliveries of one message that may be handed back before it is dead-lettered with the reason and its task marked
    /// failed (with the defaults, about ten minutes of a workflow engine away). Counted per worker process.
    /// </summary>
    [Range(1, 100)]
    public int MaxHandBacks { get; set; } = 10;

    /// <summary>
    /// On shutdown, how long running tasks may take to finish before they are cancelled and handed back for redelivery.
    /// Keep it under the host's shutdown timeout (30 s by default) and the platform's grace period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one task actor call may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ActorCallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running model call asks the task's actor whether the task was cancelled (the call then stops).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a task waits for a person's approval before the call is discarded and the task cancelled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a call to the workflow engine may take (the Dapr workflow client waits forever for a sidecar otherwise).
    /// Longer than the api's (<c>Tasks:WorkflowCallTimeout</c> there, 3 s): nobody waits on the worker, and a timeout here
    /// hands the task back for a redelivery rather than answering someone 503.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan WorkflowCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The topic progress events go to.</summary>
    [Required]
    public string EventsTopic { get; set; } = TaskTopics.Events;

    /// <summary>The topic tasks that failed every attempt go to.</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = TaskTopics.DeadLetters;
}
