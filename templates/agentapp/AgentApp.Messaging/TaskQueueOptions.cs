using System.ComponentModel.DataAnnotations;
using AgentApp.Contracts;

namespace AgentApp.Messaging;

/// <summary>How the api enqueues tasks (section <c>Tasks</c>); the brokers come from <c>ConnectionStrings:kafka</c>.</summary>
public sealed class TaskQueueOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Tasks";

    /// <summary>Bootstrap servers; empty leaves task submission off (503).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The topic tasks are produced to.</summary>
    [Required]
    public string TasksTopic { get; set; } = TaskTopics.Tasks;

    /// <summary>How long enqueueing may take before the submission fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
