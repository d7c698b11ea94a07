using System.ComponentModel.DataAnnotations;
using AgentApp.Contracts;
using AgentApp.Messaging;

namespace AgentApp.Worker.Messaging;

/// <summary>Kafka settings (section <c>Kafka</c>); the brokers come from <c>ConnectionStrings:kafka</c>.</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>Bootstrap servers, from <c>ConnectionStrings:kafka</c>.</summary>
    [Required(ErrorMessage = "ConnectionStrings:kafka is not set: the worker needs Kafka's bootstrap servers.")]
    public string BootstrapServers { get; set; } = "";

    /// <summary>SASL/SSL settings (<c>Kafka:Security</c>), applied to every client the worker builds.</summary>
    public KafkaSecurityOptions Security { get; set; } = new();

    /// <summary>The consumer group every worker replica joins.</summary>
    [Required]
    public string ConsumerGroup { get; set; } = "agent-workers";

    /// <summary>The topic agent tasks arrive on (the one <c>Kafka:TasksTopic</c> the api and actors produce to).</summary>
    [Required]
    public string TasksTopic { get; set; } = TaskTopics.Tasks;

    /// <summary>How long a broker may hold an empty fetch; low values cut latency on dev brokers.</summary>
    [Range(0, 5000)]
    public int FetchWaitMaxMs { get; set; } = 100;

    /// <summary>Consumer session timeout; a dead worker's partitions move after this.</summary>
    [Range(1000, 300000)]
    public int SessionTimeoutMs { get; set; } = 10000;
}
