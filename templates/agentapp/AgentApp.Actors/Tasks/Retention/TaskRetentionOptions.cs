using System.ComponentModel.DataAnnotations;

namespace AgentApp.Actors.Tasks.Retention;

/// <summary>How long finished tasks and their workflow instances are kept (<c>Tasks:Retention</c>). Conversations keep their own idle expiry.</summary>
public sealed class TaskRetentionOptions
{
    public const string Section = "Tasks:Retention";

    /// <summary>How long a task is kept after it succeeded, failed or was cancelled; <c>00:00:00</c> keeps finished tasks forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Tasks:Retention:FinishedTasks is a duration from 00:00:00 (keep forever) to 3650 days.")]
    public TimeSpan FinishedTasks { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How soon a due purge that could not finish (sidecar away, a workflow still closing) is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Tasks:Retention:RetryPeriod is a duration from 1 second to 1 day.")]
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(1);
}
