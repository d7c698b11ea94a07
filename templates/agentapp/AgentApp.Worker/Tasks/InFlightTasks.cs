using System.Threading.Channels;
using Confluent.Kafka;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// The task messages a worker is running: each starts as soon as it is delivered, except that a message waits for the one
/// before it with the same key (so one task's messages, e.g. a run and its redelivery after approval, never overtake each
/// other), and one that waited on a handed-back message is handed back too. Finished runs queue up for the consume loop,
/// which owns this object (not thread-safe apart from the runs reporting back).
/// </summary>
public sealed class InFlightTasks
{
    private readonly Dictionary<(TopicPartition, string?), Task<TaskOutcome>> _lastOfLane = [];
    private readonly Dictionary<long, Run> _running = [];
    private readonly Channel<Finished> _finished = Channel.CreateUnbounded<Finished>(new() { SingleReader = true });
    private long _nextId;

    /// <summary>Runs started and not yet taken back with <see cref="TryTakeFinished"/>.</summary>
    public int Count => _running.Count;

    /// <summary>Starts <paramref name="run"/> for <paramref name="delivery"/> after the previous message of its key.</summary>
    public void Start(ConsumeResult<string, string> delivery, Func<ConsumeResult<string, string>, Task<TaskOutcome>> run, CancellationToken stoppingToken)
    {
        var lane = (delivery.TopicPartition, delivery.Message.Key);
        var previous = _lastOfLane.GetValueOrDefault(lane);
        var id = _nextId++;
        var task = RunAsync(id, previous, delivery, run, stoppingToken);
        _lastOfLane[lane] = task;
        _running[id] = new Run(lane, delivery.TopicPartition, task);
    }

    /// <summary>Takes one finished run, if any.</summary>
    public bool TryTakeFinished(out TopicPartitionOffset position, out TaskOutcome outcome)
    {
        if (!_finished.Reader.TryRead(out var finished))
        {
            (position, outcome) = (default!, default);
            return false;
        }

        var run = _running[finished.Id];
        _running.Remove(finished.Id);
        if (_lastOfLane.TryGetValue(run.Lane, out var last) && last == run.Task)
        {
            _lastOfLane.Remove(run.Lane);
        }

        (position, outcome) = (finished.Position, finished.Outcome);
        return true;
    }

    /// <summary>Completes when a run has finished (to take with <see cref="TryTakeFinished"/>).</summary>
    public Task WaitForFinishedAsync(CancellationToken cancellationToken) =>
        _finished.Reader.WaitToReadAsync(cancellationToken).AsTask();

    /// <summary>Completes when every run (of the partitions <paramref name="only"/> selects) has finished.</summary>
    public Task WhenAll(Func<TopicPartition, bool>? only = null) =>
        Task.WhenAll(_running.Values.Where(r => only is null || only(r.Partition)).Select(r => r.Task));

    private async Task<TaskOutcome> RunAsync(long id, Task<TaskOutcome>? previous, ConsumeResult<string, string> delivery,
        Func<ConsumeResult<string, string>, Task<TaskOutcome>> run, CancellationToken stoppingToken)
    {
        TaskOutcome outcome;
        try
        {
            var before = previous is null ? TaskOutcome.Settled : await previous;
            outcome = before == TaskOutcome.HandedBack || stoppingToken.IsCancellationRequested
                ? TaskOutcome.HandedBack
                : await run(delivery);
        }
        catch (Exception)
        {
            // The runner reports its own failures as hand-backs; anything escaping it must not leave the offset settled.
            outcome = TaskOutcome.HandedBack;
        }

        _finished.Writer.TryWrite(new Finished(id, delivery.TopicPartitionOffset, outcome));
        return outcome;
    }

    private sealed record Run((TopicPartition, string?) Lane, TopicPartition Partition, Task<TaskOutcome> Task);

    private sealed record Finished(long Id, TopicPartitionOffset Position, TaskOutcome Outcome);
}
