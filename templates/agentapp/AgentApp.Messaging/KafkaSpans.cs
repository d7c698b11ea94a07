using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace AgentApp.Messaging;

/// <summary>
/// Kafka spans as the OpenTelemetry messaging semantic conventions name them (<c>send {topic}</c> kind Producer,
/// <c>process {topic}</c> kind Consumer, <c>messaging.*</c> attributes), shared by the api's producer and the worker, so
/// dashboards that understand messaging spans group and link them without custom queries.
/// </summary>
public static class KafkaSpans
{
    /// <summary>The value of <c>messaging.system</c>.</summary>
    public const string MessagingSystem = "kafka";

    /// <summary>
    /// Starts the span of one send to <paramref name="topic"/> (null when nobody listens). Its context is what goes into
    /// the message headers, so consumers continue this span's trace.
    /// </summary>
    public static Activity? StartSend(ActivitySource source, string topic, string? key)
    {
        var activity = source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", MessagingSystem);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.kafka.message.key", key);
        }

        return activity;
    }

    /// <summary>
    /// Produces <paramref name="message"/> to <paramref name="topic"/> inside its <c>send</c> span, with that span's trace
    /// context in the headers (replacing any the message carried, as a dead letter copied from its original does), and
    /// returns once the broker has it.
    /// </summary>
    public static async Task<DeliveryResult<string, string>> SendAsync(this IProducer<string, string> producer, ActivitySource source,
        string topic, Message<string, string> message, string? taskId, CancellationToken cancellationToken)
    {
        using var activity = StartSend(source, topic, message.Key);
        activity?.SetTag("agentapp.task.id", taskId);
        message.Headers ??= [];
        KafkaTraceContext.Inject(activity ?? Activity.Current, message.Headers);
        try
        {
            var delivered = await producer.ProduceAsync(topic, message, cancellationToken);
            Delivered(activity, delivered);
            return delivered;
        }
        catch (Exception ex)
        {
            Failed(activity, ex);
            throw;
        }
    }

    /// <summary>Records where the broker stored the message: its partition and offset.</summary>
    public static void Delivered(Activity? activity, DeliveryResult<string, string> delivery)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.destination.partition.id", delivery.Partition.Value.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", delivery.Offset.Value);
        }
    }

    /// <summary>Marks the span failed with the exception's type as <c>error.type</c>, as the conventions ask.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>
    /// Starts the span of processing <paramref name="delivery"/> as a child of the context in its headers (one message,
    /// one parent: the conventions allow the producer as parent, which keeps the submitter's trace id end to end).
    /// </summary>
    public static Activity? StartProcess(ActivitySource source, ConsumeResult<string, string> delivery, string consumerGroup)
    {
        var activity = source.StartActivity($"process {delivery.Topic}", ActivityKind.Consumer, KafkaTraceContext.Extract(delivery.Message.Headers));
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", MessagingSystem);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", delivery.Topic);
            activity.SetTag("messaging.consumer.group.name", consumerGroup);
            activity.SetTag("messaging.destination.partition.id", delivery.Partition.Value.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", delivery.Offset.Value);
            activity.SetTag("messaging.kafka.message.key", delivery.Message.Key);
        }

        return activity;
    }
}
