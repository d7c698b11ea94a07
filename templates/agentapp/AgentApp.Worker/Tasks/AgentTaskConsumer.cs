using AgentApp.Messaging;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks.Durable;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// Joins the worker consumer group on the tasks topic and keeps up to <see cref="TaskWorkerOptions.MaxConcurrency"/> tasks
/// running at all times: each delivered message starts at once (one key's messages in order, see <see cref="InFlightTasks"/>),
/// rather than in batches that wait for their slowest task. Offsets are committed only up to the lowest unsettled message
/// of each partition (<see cref="OffsetTracker"/>: everything before it is durable in its actor), every
/// <see cref="CommitInterval"/> while busy and at once when idle. A handed-back message stops consumption until what runs
/// has finished; then its partition is sought back to it and it is delivered again after <see cref="TaskWorkerOptions.HandBackDelay"/>,
/// doubled for each further hand-back of the same message (up to <see cref="TaskWorkerOptions.MaxHandBackDelay"/>); the
/// runner gives a message up after <see cref="TaskWorkerOptions.MaxHandBacks"/>.
/// Partitions taken away in a rebalance get their running tasks finished and committed first, so their next owner never
/// runs a task this worker is still running.
/// </summary>
public sealed partial class AgentTaskConsumer(IOptions<KafkaOptions> kafka, IOptions<TaskWorkerOptions> options, WorkflowTaskRunner runner,
    ConsumerLag lag, TimeProvider time, ILogger<AgentTaskConsumer> logger) : BackgroundService
{
    /// <summary>How often offsets are committed while tasks keep running (a commit is a broker round trip).</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(100);

    // While tasks run, Consume returns this often even without messages, to take finished runs and commit.
    private static readonly TimeSpan s_pollWhileBusy = TimeSpan.FromMilliseconds(20);

    private readonly InFlightTasks _running = new();
    private readonly OffsetTracker _offsets = new();
    private readonly Dictionary<TopicPartition, long> _handedBack = [];
    private readonly Dictionary<TopicPartitionOffset, int> _handBacks = [];
    private long _lastCommit;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume() blocks a thread: keep it off the host's start-up path.
        Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    /// <summary>The consumer's configuration: manual commits, no topic auto-creation, the broker address and security from <paramref name="k"/>.</summary>
    public static ConsumerConfig ConsumerConfigFor(KafkaOptions k) => new ConsumerConfig
    {
        BootstrapServers = k.BootstrapServers,
        GroupId = k.ConsumerGroup,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = k.FetchWaitMaxMs,
        SessionTimeoutMs = k.SessionTimeoutMs,
        // The topic is created by the platform; until it exists, wait rather than fail.
        AllowAutoCreateTopics = false,
    }.WithSecurity(k.Security);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var k = kafka.Value;
        using var consumer = new ConsumerBuilder<string, string>(ConsumerConfigFor(k))
            .SetPartitionsAssignedHandler((_, partitions) => lag.Assigned(partitions))
            .SetPartitionsRevokedHandler((c, partitions) => Revoked(c, partitions))
            .Build();

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
                TakeFinished();
                if (_handedBack.Count > 0)
                {
                    await HandBackAsync(consumer, stoppingToken);
                    continue;
                }

                if (_running.Count == 0 || time.GetElapsedTime(_lastCommit) >= CommitInterval)
                {
                    Commit(consumer, _offsets.ToCommit());
                }

                if (_running.Count >= options.Value.MaxConcurrency)
                {
                    await _running.WaitForFinishedAsync(stoppingToken);
                    continue;
                }

                if (Consume(consumer, busy: _running.Count > 0, stoppingToken) is { } delivery)
                {
                    lag.Delivered(delivery.TopicPartitionOffset);
                    _offsets.Delivered(delivery.TopicPartitionOffset);
                    var handedBack = _handBacks.GetValueOrDefault(delivery.TopicPartitionOffset);
                    _running.Start(delivery, d => runner.RunAsync(d, handedBack, drain.Token), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // What runs finishes (or is cancelled at the drain deadline and handed back) before the last commit.
            await _running.WhenAll();
            TakeFinished();
            Commit(consumer, _offsets.ToCommit());
            // Leave the group now rather than after the session timeout, so partitions move at once.
            lag.Detach();
            consumer.Close();
        }
    }

    private ConsumeResult<string, string>? Consume(IConsumer<string, string> consumer, bool busy, CancellationToken stoppingToken)
    {
        try
        {
            var result = busy ? consumer.Consume(s_pollWhileBusy) : consumer.Consume(stoppingToken);
            return result is { Message: not null } ? result : null;
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // E.g. the topic does not exist yet: the consumer recovers by itself once it does.
            LogConsumeError(ex.Error.Reason);
            return null;
        }
    }

    /// <summary>Settles finished runs; a hand-back is remembered (lowest offset per partition) and holds its partition's commits back.</summary>
    private void TakeFinished()
    {
        while (_running.TryTakeFinished(out var position, out var outcome))
        {
            if (outcome == TaskOutcome.Settled)
            {
                _offsets.Settled(position);
                _handBacks.Remove(position);
                continue;
            }

            _handBacks[position] = _handBacks.GetValueOrDefault(position) + 1;
            if (!_handedBack.TryGetValue(position.TopicPartition, out var lowest) || position.Offset.Value < lowest)
            {
                _handedBack[position.TopicPartition] = position.Offset.Value;
            }
        }
    }

    /// <summary>
    /// Lets what runs finish (seeking back while a later message of the partition still runs could deliver a task again
    /// while it runs), commits each partition up to its first hand-back, seeks back there and waits before going on: the
    /// longer, the more often these messages were handed back already.
    /// </summary>
    private async Task HandBackAsync(IConsumer<string, string> consumer, CancellationToken stoppingToken)
    {
        await _running.WhenAll();
        TakeFinished();
        Commit(consumer, _offsets.ToCommit());
        foreach (var (partition, offset) in _handedBack)
        {
            SeekBack(consumer, new TopicPartitionOffset(partition, offset));
            _offsets.Rewind(partition);
        }

        var times = _handedBack.Max(h => _handBacks.GetValueOrDefault(new TopicPartitionOffset(h.Key, h.Value), 1));
        _handedBack.Clear();
        var delay = HandBackDelay(times);
        LogRedelivering(delay, times);
        await Task.Delay(delay, time, stoppingToken);
    }

    /// <summary>
    /// Called inside Consume when partitions are taken away: their running tasks get up to the drain timeout to finish and
    /// are committed, so the partitions' next owner starts after them instead of running them a second time meanwhile.
    /// </summary>
    private void Revoked(IConsumer<string, string> consumer, List<TopicPartitionOffset> revoked)
    {
        var partitions = revoked.Select(p => p.TopicPartition).ToHashSet();
        if (!_running.WhenAll(partitions.Contains).Wait(options.Value.ShutdownDrainTimeout))
        {
            LogRevokedWhileRunning(string.Join(", ", partitions));
        }

        TakeFinished();
        Commit(consumer, _offsets.ToCommit(partitions.Contains));
        foreach (var partition in partitions)
        {
            _offsets.Forget(partition);
            _handedBack.Remove(partition);
            foreach (var position in _handBacks.Keys.Where(p => p.TopicPartition == partition).ToList())
            {
                _handBacks.Remove(position);
            }
        }
    }

    private TimeSpan HandBackDelay(int times)
    {
        var o = options.Value;
        return TimeSpan.FromTicks(Math.Min(o.HandBackDelay.Ticks * (1L << Math.Min(times - 1, 20)), o.MaxHandBackDelay.Ticks));
    }

    private void Commit(IConsumer<string, string> consumer, List<TopicPartitionOffset> commits)
    {
        _lastCommit = time.GetTimestamp();
        if (commits.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(commits);
            _offsets.Committed(commits);
            lag.Committed(commits);
        }
        catch (KafkaException ex)
        {
            // E.g. the partition moved in a rebalance: its new owner gets these again and skips the finished ones.
            LogCommitFailed(ex.Error.Reason);
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Redelivering handed-back messages in {Delay} (hand-back {Times} of the same message)")]
    private partial void LogRedelivering(TimeSpan delay, int times);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topic} as group {Group}")]
    private partial void LogSubscribed(string topic, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error (will retry): {Reason}")]
    private partial void LogConsumeError(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed (the tasks will be redelivered and skipped): {Reason}")]
    private partial void LogCommitFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitions {Partitions} were revoked while tasks of theirs still ran past the drain timeout: their next owner may run those again")]
    private partial void LogRevokedWhileRunning(string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seek back to {Position} (no longer assigned; its new owner redelivers it): {Reason}")]
    private partial void LogSeekFailed(string position, string reason);
}
