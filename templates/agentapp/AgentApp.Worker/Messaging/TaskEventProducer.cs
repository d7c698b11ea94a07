using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Worker.Tasks;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Messaging;

/// <summary>
/// Produces progress events and dead letters with one idempotent producer (acks=all). Every call returns once the broker
/// has the message, so a task's offset is committed only after its events and dead letter are stored.
/// </summary>
/// <remarks>
/// Workflow activities may still be sending when the app stops (the workflow worker does not wait for them): the producer
/// is destroyed only once the sends in flight have finished (5 s at most), and a send after that fails at once instead of
/// reaching a destroyed native handle.
/// </remarks>
public sealed class TaskEventProducer(IOptions<KafkaOptions> kafka, IOptions<TaskWorkerOptions> options) : IDisposable
{
    private readonly Lazy<IProducer<string, string>> _producer = new(() => new ProducerBuilder<string, string>(ProducerConfigFor(kafka.Value)).Build());
    private readonly Lock _gate = new();
    private int _sending;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    /// <summary>The producer's configuration: idempotent, acks=all, the broker address and security from <paramref name="kafka"/>.</summary>
    public static ProducerConfig ProducerConfigFor(KafkaOptions kafka) => new ProducerConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        // The final event is what followers wait for: keep its linger short (a task's events still batch).
        LingerMs = 1,
    }.WithSecurity(kafka.Security);

    /// <summary>The CloudEvents <c>source</c> of the steps this app records itself (an agent's turn names the agent).</summary>
    public const string AppSource = "worker";

    /// <summary>
    /// Publishes <paramref name="step"/> of <paramref name="taskId"/> on the events topic as a CloudEvent (<see cref="AgentEvent"/>),
    /// keyed by task id (so in order), with the current span's trace context; <paramref name="usage"/> for an agent's turn.
    /// </summary>
    public Task PublishAsync(string taskId, AgentTaskStep step, string status, CancellationToken cancellationToken, AgentTurnUsage? usage = null)
    {
        var span = Activity.Current;
        var cloudEvent = AgentEvent.For(taskId, step, status, AppSource, usage, span?.Id is { } id && span.IdFormat == ActivityIdFormat.W3C ? id : null,
            span?.TraceStateString);
        return SendAsync(options.Value.EventsTopic, new Message<string, string>
        {
            Key = taskId,
            Value = JsonSerializer.Serialize(cloudEvent, JsonSerializerOptions.Web),
            // Binary-mode readers and Dapr see what the value is without parsing it.
            Headers = new Headers { { "content-type", Encoding.UTF8.GetBytes(CloudEventContentType) } },
        }, taskId, cancellationToken);
    }

    /// <summary>The content type of a structured-mode CloudEvent.</summary>
    public const string CloudEventContentType = "application/cloudevents+json";

    /// <summary>
    /// Copies <paramref name="message"/> (of <paramref name="taskId"/>, null when it is not a task message) to the dead-letter
    /// topic with <paramref name="error"/> in a header.
    /// </summary>
    public Task DeadLetterAsync(Message<string, string> message, string? taskId, string error, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        foreach (var header in message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(TaskTopics.ErrorHeader, Encoding.UTF8.GetBytes(error));
        return SendAsync(options.Value.DeadLetterTopic,
            new Message<string, string> { Key = message.Key, Value = message.Value, Headers = headers }, taskId, cancellationToken);
    }

    private async Task SendAsync(string topic, Message<string, string> message, string? taskId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sending++;
        }

        try
        {
            await _producer.Value.SendAsync(TaskSpans.Source, topic, message, taskId, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                if (--_sending == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _drained = _sending > 0 ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        }

        _drained?.Task.Wait(TimeSpan.FromSeconds(5));
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }
}
