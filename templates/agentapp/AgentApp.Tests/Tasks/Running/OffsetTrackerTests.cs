using AgentApp.Worker.Messaging;
using Confluent.Kafka;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>
/// The worker settles messages out of order (tasks run concurrently); commits must still never pass a message whose
/// effects are not durable, or a crash would lose it.
/// </summary>
public sealed class OffsetTrackerTests
{
    private static readonly TopicPartition s_p0 = new("agent-tasks", 0);
    private static readonly TopicPartition s_p1 = new("agent-tasks", 1);

    [Fact]
    public void A_commit_stops_at_the_lowest_unsettled_offset_however_many_later_ones_finished()
    {
        var offsets = new OffsetTracker();
        foreach (var offset in new long[] { 10, 11, 12, 13 })
        {
            offsets.Delivered(new TopicPartitionOffset(s_p0, offset));
        }

        Assert.Empty(offsets.ToCommit()); // nothing settled: the first delivery is at the committed position already
        offsets.Settled(new TopicPartitionOffset(s_p0, 12));
        offsets.Settled(new TopicPartitionOffset(s_p0, 13));
        Assert.Empty(offsets.ToCommit());

        offsets.Settled(new TopicPartitionOffset(s_p0, 10));
        Assert.Equal([new TopicPartitionOffset(s_p0, 11)], offsets.ToCommit());

        offsets.Settled(new TopicPartitionOffset(s_p0, 11));
        Assert.Equal([new TopicPartitionOffset(s_p0, 14)], offsets.ToCommit());
        Assert.Equal(0, offsets.Unsettled);
    }

    [Fact]
    public void Commits_never_pass_an_unsettled_offset_in_any_settle_order()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var offsets = new OffsetTracker();
            var delivered = Enumerable.Range(0, 20).Select(i => (long)i).ToList();
            delivered.ForEach(o => offsets.Delivered(new TopicPartitionOffset(s_p0, o)));
            var unsettled = delivered.ToHashSet();
            foreach (var offset in delivered.OrderBy(_ => random.Next()))
            {
                offsets.Settled(new TopicPartitionOffset(s_p0, offset));
                unsettled.Remove(offset);
                var commits = offsets.ToCommit();
                foreach (var commit in commits)
                {
                    // Committing N means "everything before N is done".
                    Assert.DoesNotContain(unsettled, o => o < commit.Offset.Value);
                }

                offsets.Committed(commits);
            }

            Assert.Equal([], offsets.ToCommit());
        }
    }

    [Fact]
    public void Partitions_are_tracked_apart_and_only_advanced_ones_are_committed()
    {
        var offsets = new OffsetTracker();
        offsets.Delivered(new TopicPartitionOffset(s_p0, 5));
        offsets.Delivered(new TopicPartitionOffset(s_p1, 7));
        offsets.Settled(new TopicPartitionOffset(s_p1, 7));

        Assert.Equal([new TopicPartitionOffset(s_p1, 8)], offsets.ToCommit());
        offsets.Committed(offsets.ToCommit());
        Assert.Empty(offsets.ToCommit());
        offsets.Settled(new TopicPartitionOffset(s_p0, 5));
        Assert.Empty(offsets.ToCommit(p => p == s_p1));
        Assert.Equal([new TopicPartitionOffset(s_p0, 6)], offsets.ToCommit());
    }

    [Fact]
    public void A_handed_back_message_holds_commits_back_until_the_partition_is_rewound_and_it_settles_on_redelivery()
    {
        var offsets = new OffsetTracker();
        offsets.Delivered(new TopicPartitionOffset(s_p0, 2));
        offsets.Delivered(new TopicPartitionOffset(s_p0, 3));
        offsets.Delivered(new TopicPartitionOffset(s_p0, 4));
        offsets.Settled(new TopicPartitionOffset(s_p0, 2));
        offsets.Settled(new TopicPartitionOffset(s_p0, 4)); // 3 was handed back: never settled
        var commits = offsets.ToCommit();
        Assert.Equal([new TopicPartitionOffset(s_p0, 3)], commits);
        offsets.Committed(commits);

        // Sought back to 3: both are delivered again; the committed position does not move backwards.
        offsets.Rewind(s_p0);
        Assert.Empty(offsets.ToCommit());
        offsets.Delivered(new TopicPartitionOffset(s_p0, 3));
        offsets.Delivered(new TopicPartitionOffset(s_p0, 4));
        Assert.Empty(offsets.ToCommit());
        offsets.Settled(new TopicPartitionOffset(s_p0, 3));
        offsets.Settled(new TopicPartitionOffset(s_p0, 4));
        Assert.Equal([new TopicPartitionOffset(s_p0, 5)], offsets.ToCommit());
    }

    [Fact]
    public void A_revoked_partition_is_forgotten_and_late_settlements_of_it_are_ignored()
    {
        var offsets = new OffsetTracker();
        offsets.Delivered(new TopicPartitionOffset(s_p0, 1));
        offsets.Forget(s_p0);
        offsets.Settled(new TopicPartitionOffset(s_p0, 1));

        Assert.Empty(offsets.ToCommit());
        Assert.Equal(0, offsets.Unsettled);
    }
}
