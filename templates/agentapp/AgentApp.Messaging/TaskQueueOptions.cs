using System.ComponentModel.DataAnnotations;
using AgentApp.Contracts;

namespace AgentApp.Messaging;

/// <summary>
/// How a service enqueues tasks (section <c>Kafka</c>, the same section the worker consumes with, so the topic is one
/// setting); the brokers come from <c>ConnectionStrings:kafka</c>.
/// </summary>
public sealed class TaskQueueOptions
{
    public const string Section = "Kafka";

    /// <summary>Bootstrap servers, from <c>ConnectionStrings:kafka</c>; empty leaves task submission off (503).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>SASL/SSL settings (<see cref="KafkaSecurityOptions.Section"/>, shared by every Kafka client).</summary>
    public KafkaSecurityOptions Security { get; set; } = new();

    /// <summary>The topic tasks are produced to (<c>Kafka:TasksTopic</c>, which the worker subscribes to).</summary>
    [Required]
    public string TasksTopic { get; set; } = TaskTopics.Tasks;

    /// <summary>How long enqueueing may take before the submission fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
