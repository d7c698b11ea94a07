using AgentApp.Worker.Tasks;
using Confluent.Kafka;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>
/// Tasks start as soon as they are delivered, but one key's messages never overtake each other, and a message waiting on
/// a handed-back one is handed back too (it is delivered again after it).
/// </summary>
public sealed class InFlightTasksTests
{
    private static readonly TopicPartition s_partition = new("agent-tasks", 0);

    [Fact]
    public async Task Different_keys_run_at_once_and_one_keys_messages_run_in_order()
    {
        var running = new InFlightTasks();
        var gates = new Dictionary<long, TaskCompletionSource<TaskOutcome>>();
        var started = new List<long>();
        Task<TaskOutcome> Run(ConsumeResult<string, string> delivery)
        {
            lock (started)
            {
                started.Add(delivery.Offset.Value);
                return gates[delivery.Offset.Value].Task;
            }
        }

        foreach (var (offset, key) in new[] { (0L, "a"), (1L, "b"), (2L, "a") })
        {
            gates[offset] = new TaskCompletionSource<TaskOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            running.Start(Delivery(offset, key), Run, CancellationToken.None);
        }

        // a@0 and b@1 at once; a@2 waits for a@0.
        Assert.Equal([0L, 1L], Started());
        Assert.Equal(3, running.Count);
        gates[1].SetResult(TaskOutcome.Settled);
        Assert.Equal((1L, TaskOutcome.Settled), await TakeAsync(running));
        Assert.Equal([0L, 1L], Started());

        gates[0].SetResult(TaskOutcome.Settled);
        Assert.Equal((0L, TaskOutcome.Settled), await TakeAsync(running));
        await Poll.UntilAsync(() => Started().Length == 3, "a@2 to start once a@0 finished", TimeSpan.FromSeconds(10));
        gates[2].SetResult(TaskOutcome.Settled);
        Assert.Equal((2L, TaskOutcome.Settled), await TakeAsync(running));
        Assert.Equal(0, running.Count);

        long[] Started()
        {
            lock (started)
            {
                return [.. started];
            }
        }
    }

    [Fact]
    public async Task A_message_behind_a_handed_back_one_of_its_key_is_handed_back_without_running()
    {
        var running = new InFlightTasks();
        var runs = 0;
        running.Start(Delivery(0, "a"), _ => Task.FromResult(TaskOutcome.HandedBack), CancellationToken.None);
        running.Start(Delivery(1, "a"), _ =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(TaskOutcome.Settled);
        }, CancellationToken.None);

        var outcomes = new[] { await TakeAsync(running), await TakeAsync(running) }.OrderBy(o => o.Offset).ToArray();
        Assert.Equal([(0L, TaskOutcome.HandedBack), (1L, TaskOutcome.HandedBack)], outcomes);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_run_that_throws_is_handed_back_not_settled()
    {
        var running = new InFlightTasks();
        running.Start(Delivery(0, "a"), _ => throw new InvalidOperationException("boom"), CancellationToken.None);

        Assert.Equal((0L, TaskOutcome.HandedBack), await TakeAsync(running));
    }

    private static async Task<(long Offset, TaskOutcome Outcome)> TakeAsync(InFlightTasks running)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (running.TryTakeFinished(out var position, out var outcome))
            {
                return (position.Offset.Value, outcome);
            }

            await running.WaitForFinishedAsync(timeout.Token);
        }
    }

    private static ConsumeResult<string, string> Delivery(long offset, string key) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(s_partition, offset),
        Message = new Message<string, string> { Key = key, Value = "{}" },
    };
}
