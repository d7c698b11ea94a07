using System.ComponentModel.DataAnnotations;
using AgentApp.Contracts;

namespace AgentApp.Worker.Tasks;

/// <summary>How the worker runs tasks (section <c>Tasks</c>), validated at start-up.</summary>
public sealed class TaskWorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Tasks";

    /// <summary>
    /// Tasks run at once by one worker. Tasks wait on the model and the actors, not the CPU: 16 doubled no-op throughput
    /// over 4 in a load test; lower it for models with tight rate limits.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Runs of one task before it is dead-lettered and marked failed (counted in the task actor, across redeliveries).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry; doubled for each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait before a task handed back (sidecar or Kafka unreachable, shutdown) is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan HandBackDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On shutdown, how long running tasks may take to finish before they are cancelled and handed back for redelivery.
    /// Keep it under the host's shutdown timeout (30 s by default) and the platform's grace period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one task actor call may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ActorCallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running task's actor is asked whether the task was cancelled (the run then stops).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a task waits for a person's approval before the call is discarded and the task cancelled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long starting an approval workflow may take (the Dapr workflow client waits forever for a sidecar otherwise).
    /// Longer than the api's (<c>Tasks:WorkflowCallTimeout</c> there, 3 s): nobody waits on the worker, and a timeout here
    /// hands the task back for a redelivery rather than answering someone 503.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan WorkflowCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How a task runs: <see cref="TaskRunnerKind.Workflow"/> as a durable workflow (each model and tool call an activity,
    /// resumed after a crash), or <see cref="TaskRunnerKind.Loop"/> in the worker's retry loop (a crash reruns the task).
    /// </summary>
    public TaskRunnerKind Runner { get; set; } = TaskRunnerKind.Loop;

    /// <summary>The topic progress events go to.</summary>
    [Required]
    public string EventsTopic { get; set; } = TaskTopics.Events;

    /// <summary>The topic tasks that failed every attempt go to.</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = TaskTopics.DeadLetters;
}

/// <summary>How the worker runs a task.</summary>
public enum TaskRunnerKind
{
    /// <summary>In the worker's retry loop.</summary>
    Loop,

    /// <summary>As a durable Dapr workflow hosted by the worker.</summary>
    Workflow,
}
