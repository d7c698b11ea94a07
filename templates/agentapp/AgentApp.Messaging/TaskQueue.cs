using System.Diagnostics;
using System.Text.Json;
using AgentApp.Contracts;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Messaging;

/// <summary>Hands accepted tasks to the workers.</summary>
public interface ITaskQueue
{
    /// <summary>Enqueues <paramref name="message"/>; returns once the broker acknowledged it durably, or throws.</summary>
    Task EnqueueAsync(AgentTaskMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Produces to <see cref="TaskTopics.Tasks"/> with an idempotent producer (acks=all, no duplicates on retry), keyed by
/// conversation id (else task id), with the current trace context in the headers. The producer is built on first use, so
/// the api starts (and serves everything else) without Kafka.
/// </summary>
public sealed class KafkaTaskQueue(IOptions<TaskQueueOptions> options) : ITaskQueue, IDisposable
{
    /// <summary>The source of the producer spans.</summary>
    public static readonly ActivitySource Source = new("AgentApp.Tasks");

    private readonly Lazy<IProducer<string, string>> _producer = new(() => Build(options.Value));

    /// <inheritdoc />
    public async Task EnqueueAsync(AgentTaskMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.BootstrapServers))
        {
            throw new InvalidOperationException("ConnectionStrings:kafka is not set: the api cannot enqueue tasks.");
        }

        var topic = options.Value.TasksTopic;
        var key = message.ConversationId ?? message.TaskId;
        await _producer.Value.SendAsync(Source, topic, new Message<string, string>
        {
            Key = key,
            Value = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
        }, message.TaskId, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }

    private static IProducer<string, string> Build(TaskQueueOptions o) => new ProducerBuilder<string, string>(ProducerConfigFor(o)).Build();

    /// <summary>The producer's configuration: idempotent, acks=all, the broker address and security from <paramref name="o"/>.</summary>
    public static ProducerConfig ProducerConfigFor(TaskQueueOptions o) => new ProducerConfig
    {
        BootstrapServers = o.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        // Each submission waits for its acknowledgement: a long linger is latency on every task (measured:
        // 5 ms -> 1 ms per task). Under load librdkafka still batches what queues behind in-flight requests.
        LingerMs = 1,
        // A request waits at most this long for the broker; then it fails and the api answers 503.
        MessageTimeoutMs = (int)o.EnqueueTimeout.TotalMilliseconds,
    }.WithSecurity(o.Security);
}
