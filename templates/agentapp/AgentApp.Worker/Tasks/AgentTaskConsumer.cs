using AgentApp.Worker.Messaging;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// Joins the worker consumer group on the tasks topic and runs tasks in batches of at most
/// <see cref="TaskWorkerOptions.MaxConcurrency"/>: tasks with different keys at once, one key's tasks in order. Offsets are
/// committed only up to the last settled message of each partition (its state is durable in its actor by then); a
/// handed-back message is sought back to and delivered again after <see cref="TaskWorkerOptions.HandBackDelay"/>.
/// </summary>
public sealed partial class AgentTaskConsumer(IOptions<KafkaOptions> kafka, IOptions<TaskWorkerOptions> options, AgentTaskRunner runner,
    ConsumerLag lag, TimeProvider time, ILogger<AgentTaskConsumer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume() blocks a thread: keep it off the host's start-up path.
        Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var k = kafka.Value;
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = k.BootstrapServers,
            GroupId = k.ConsumerGroup,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = k.FetchWaitMaxMs,
            SessionTimeoutMs = k.SessionTimeoutMs,
            // The topic is created by the platform; until it exists, wait rather than fail.
            AllowAutoCreateTopics = false,
        }).SetPartitionsAssignedHandler((_, partitions) => lag.Assigned(partitions)).Build();

        lag.Attach(consumer, k.ConsumerGroup);
        consumer.Subscribe(k.TasksTopic);
        LogSubscribed(k.TasksTopic, k.ConsumerGroup);
        // On shutdown, running tasks get ShutdownDrainTimeout to finish (their effects and events complete, their offsets
        // are committed); what is still running then is cancelled and handed back, and no new task starts.
        using var drain = new CancellationTokenSource();
        using var drainOnStop = stoppingToken.Register(() => drain.CancelAfter(options.Value.ShutdownDrainTimeout));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = Poll(consumer, stoppingToken);
                if (batch.Count == 0)
                {
                    continue;
                }

                var outcomes = await RunBatchAsync(batch, stoppingToken, drain.Token);
                if (Settle(consumer, batch, outcomes) && !stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(options.Value.HandBackDelay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Leave the group now rather than after the session timeout, so partitions move at once.
            lag.Detach();
            consumer.Close();
        }
    }

    private List<ConsumeResult<string, string>> Poll(IConsumer<string, string> consumer, CancellationToken stoppingToken)
    {
        var batch = new List<ConsumeResult<string, string>>();
        try
        {
            // Wait for one message, then take what is already fetched, up to the concurrency limit.
            if (consumer.Consume(stoppingToken) is { Message: not null } first)
            {
                batch.Add(first);
                while (batch.Count < options.Value.MaxConcurrency && consumer.Consume(TimeSpan.Zero) is { Message: not null } next)
                {
                    batch.Add(next);
                }
            }

            foreach (var delivery in batch)
            {
                lag.Delivered(delivery.TopicPartitionOffset);
            }
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // E.g. the topic does not exist yet: the consumer recovers by itself once it does.
            LogConsumeError(ex.Error.Reason);
        }

        return batch;
    }

    private async Task<Dictionary<TopicPartitionOffset, TaskOutcome>> RunBatchAsync(List<ConsumeResult<string, string>> batch,
        CancellationToken stoppingToken, CancellationToken drainToken)
    {
        var outcomes = new Dictionary<TopicPartitionOffset, TaskOutcome>();
        var lanes = batch.GroupBy(m => (m.TopicPartition, m.Message.Key)).Select(async lane =>
        {
            var handedBack = false;
            var results = new List<(TopicPartitionOffset, TaskOutcome)>();
            foreach (var delivery in lane)
            {
                // After a hand-back the rest of the lane waits too, so one key's tasks never overtake each other.
                var outcome = handedBack || stoppingToken.IsCancellationRequested
                    ? TaskOutcome.HandedBack
                    : await runner.RunAsync(delivery, drainToken);
                handedBack |= outcome == TaskOutcome.HandedBack;
                results.Add((delivery.TopicPartitionOffset, outcome));
            }

            return results;
        });
        foreach (var (position, outcome) in (await Task.WhenAll(lanes)).SelectMany(r => r))
        {
            outcomes[position] = outcome;
        }

        return outcomes;
    }

    /// <summary>Commits each partition up to its first hand-back and seeks back there; true when anything was handed back.</summary>
    private bool Settle(IConsumer<string, string> consumer, List<ConsumeResult<string, string>> batch, Dictionary<TopicPartitionOffset, TaskOutcome> outcomes)
    {
        var commits = new List<TopicPartitionOffset>();
        var anyHandedBack = false;
        foreach (var partition in batch.GroupBy(m => m.TopicPartition))
        {
            Offset? next = null;
            foreach (var delivery in partition.OrderBy(m => m.Offset.Value))
            {
                if (outcomes[delivery.TopicPartitionOffset] == TaskOutcome.HandedBack)
                {
                    anyHandedBack = true;
                    SeekBack(consumer, delivery.TopicPartitionOffset);
                    break;
                }

                next = delivery.Offset + 1;
            }

            if (next is { } offset)
            {
                commits.Add(new TopicPartitionOffset(partition.Key, offset));
            }
        }

        if (commits.Count > 0)
        {
            try
            {
                consumer.Commit(commits);
                lag.Committed(commits);
            }
            catch (KafkaException ex)
            {
                // E.g. the partition moved in a rebalance: its new owner gets these again and skips the finished ones.
                LogCommitFailed(ex.Error.Reason);
            }
        }

        return anyHandedBack;
    }

    private void SeekBack(IConsumer<string, string> consumer, TopicPartitionOffset position)
    {
        try
        {
            consumer.Seek(position);
        }
        catch (KafkaException ex)
        {
            // The partition was taken away meanwhile (a rebalance in the batch's Consume calls): its new owner starts at
            // the committed offset, which is at or before this message, so nothing is lost. Throwing here would stop the worker.
            LogSeekFailed(position.ToString(), ex.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topic} as group {Group}")]
    private partial void LogSubscribed(string topic, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error (will retry): {Reason}")]
    private partial void LogConsumeError(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed (the tasks will be redelivered and skipped): {Reason}")]
    private partial void LogCommitFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seek back to {Position} (no longer assigned; its new owner redelivers it): {Reason}")]
    private partial void LogSeekFailed(string position, string reason);
}
