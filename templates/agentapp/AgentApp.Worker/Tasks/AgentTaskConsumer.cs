using AgentApp.Worker.Messaging;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks;

/// <summary>Joins the worker consumer group on the tasks topic and hands each message to the task runner.</summary>
public sealed partial class AgentTaskConsumer(IOptions<KafkaOptions> options, ILogger<AgentTaskConsumer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume() blocks a thread; give it its own so the host's threads stay free.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = o.BootstrapServers,
            GroupId = o.ConsumerGroup,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = o.FetchWaitMaxMs,
            SessionTimeoutMs = o.SessionTimeoutMs,
            // The topic is created by the platform; until it exists, wait rather than fail.
            AllowAutoCreateTopics = false,
        }).Build();

        consumer.Subscribe(o.TasksTopic);
        LogSubscribed(o.TasksTopic, o.ConsumerGroup);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var result = consumer.Consume(stoppingToken);
                    LogReceived(result.TopicPartitionOffset.ToString(), result.Message.Key);
                    consumer.Commit(result);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // E.g. the topic does not exist yet: the consumer recovers by itself once it does.
                    LogConsumeError(ex.Error.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Leave the group now rather than after the session timeout, so partitions move at once.
            consumer.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topic} as group {Group}")]
    private partial void LogSubscribed(string topic, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error (will retry): {Reason}")]
    private partial void LogConsumeError(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Received task message at {Position} with key {Key}")]
    private partial void LogReceived(string position, string? key);
}
