using Confluent.Kafka;

namespace AgentApp.Worker.Messaging;

/// <summary>
/// Which offsets may be committed while messages of one partition finish out of order: per partition, the position to
/// commit is its lowest delivered-but-unsettled offset (or one past the last delivered when all are settled), so a commit
/// never passes a message whose effects are not durable yet. A handed-back message is simply never settled: it holds its
/// partition's commits back until the consumer seeks back to it (<see cref="Rewind"/>). Not thread-safe: the consume loop owns it.
/// </summary>
public sealed class OffsetTracker
{
    private readonly Dictionary<TopicPartition, Partition> _partitions = [];

    /// <summary>Messages delivered and not settled yet, over all partitions.</summary>
    public int Unsettled => _partitions.Values.Sum(p => p.Unsettled.Count);

    /// <summary>A message was delivered: until <see cref="Settled"/>, no commit of its partition passes it.</summary>
    public void Delivered(TopicPartitionOffset position)
    {
        if (!_partitions.TryGetValue(position.TopicPartition, out var partition))
        {
            // The first message after an assignment is at the committed position (or the log's start): nothing to commit yet.
            _partitions[position.TopicPartition] = partition = new Partition { Committed = position.Offset.Value };
        }

        partition.Unsettled.Add(position.Offset.Value);
        partition.HighestDelivered = Math.Max(partition.HighestDelivered, position.Offset.Value);
    }

    /// <summary>The message's effects are durable; ignored for a partition forgotten meanwhile (revoked: its new owner has it).</summary>
    public void Settled(TopicPartitionOffset position)
    {
        if (_partitions.TryGetValue(position.TopicPartition, out var partition))
        {
            partition.Unsettled.Remove(position.Offset.Value);
        }
    }

    /// <summary>The positions that moved past what was last committed, one per partition: what to commit now.</summary>
    public List<TopicPartitionOffset> ToCommit(Func<TopicPartition, bool>? only = null)
    {
        var commits = new List<TopicPartitionOffset>();
        foreach (var (topicPartition, partition) in _partitions)
        {
            if (partition.HighestDelivered < 0 || (only is not null && !only(topicPartition)))
            {
                continue;
            }

            var safe = partition.Unsettled.Count > 0 ? partition.Unsettled.Min : partition.HighestDelivered + 1;
            if (safe > partition.Committed)
            {
                commits.Add(new TopicPartitionOffset(topicPartition, safe));
            }
        }

        return commits;
    }

    /// <summary>The broker stored these positions.</summary>
    public void Committed(IEnumerable<TopicPartitionOffset> positions)
    {
        foreach (var position in positions)
        {
            var partition = PartitionOf(position.TopicPartition);
            partition.Committed = Math.Max(partition.Committed, position.Offset.Value);
        }
    }

    /// <summary>
    /// The consumer sought back in <paramref name="topicPartition"/> (to a handed-back message): what was delivered will be
    /// delivered again, so it starts over, but the committed position is kept (commits never move backwards).
    /// </summary>
    public void Rewind(TopicPartition topicPartition)
    {
        if (_partitions.TryGetValue(topicPartition, out var partition))
        {
            partition.Unsettled.Clear();
            partition.HighestDelivered = -1;
        }
    }

    /// <summary>The partition was revoked: its new owner starts from the committed offset, this worker forgets it.</summary>
    public void Forget(TopicPartition topicPartition) => _partitions.Remove(topicPartition);

    private Partition PartitionOf(TopicPartition topicPartition)
    {
        if (!_partitions.TryGetValue(topicPartition, out var partition))
        {
            _partitions[topicPartition] = partition = new Partition();
        }

        return partition;
    }

    private sealed class Partition
    {
        public SortedSet<long> Unsettled { get; } = [];

        public long HighestDelivered { get; set; } = -1;

        public long Committed { get; set; } = -1;
    }
}
