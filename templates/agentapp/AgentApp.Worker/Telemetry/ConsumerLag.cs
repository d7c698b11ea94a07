using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;

namespace AgentApp.Worker.Telemetry;

/// <summary>
/// Consumer lag per assigned partition, for <see cref="TaskWorkerMetrics"/>: the high watermark the client last fetched
/// (a local read, no broker round trip) minus the committed offset, which this worker knows because it does the committing
/// (and, right after an assignment, the first offset delivered is the committed one).
/// </summary>
public sealed class ConsumerLag
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private IConsumer<string, string>? _consumer;
    private string _group = "";

    /// <summary>Starts reporting for <paramref name="consumer"/> of <paramref name="group"/>.</summary>
    public void Attach(IConsumer<string, string> consumer, string group)
    {
        lock (_gate)
        {
            (_consumer, _group) = (consumer, group);
            _committed.Clear();
        }
    }

    /// <summary>Stops reporting; call before the consumer is closed, so no observation touches a disposed client.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _consumer = null;
            _committed.Clear();
        }
    }

    /// <summary>Forgets what was known of <paramref name="partitions"/>: they were (re)assigned and may have moved meanwhile.</summary>
    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                _committed.Remove(partition);
            }
        }
    }

    /// <summary>A message was delivered: the first one after an assignment marks the committed position.</summary>
    public void Delivered(TopicPartitionOffset position)
    {
        lock (_gate)
        {
            _committed.TryAdd(position.TopicPartition, position.Offset.Value);
        }
    }

    /// <summary>Offsets this worker committed.</summary>
    public void Committed(IEnumerable<TopicPartitionOffset> offsets)
    {
        lock (_gate)
        {
            foreach (var offset in offsets)
            {
                _committed[offset.TopicPartition] = offset.Offset.Value;
            }
        }
    }

    /// <summary>One measurement per assigned partition whose committed offset and high watermark are both known.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        lock (_gate)
        {
            if (_consumer is null)
            {
                return [];
            }

            var measurements = new List<Measurement<long>>();
            foreach (var partition in _consumer.Assignment)
            {
                var high = _consumer.GetWatermarkOffsets(partition).High;
                if (high.IsSpecial || !_committed.TryGetValue(partition, out var committed))
                {
                    continue;
                }

                measurements.Add(new Measurement<long>(Math.Max(0, high.Value - committed),
                    new KeyValuePair<string, object?>("messaging.system", "kafka"),
                    new KeyValuePair<string, object?>("messaging.consumer.group.name", _group),
                    new KeyValuePair<string, object?>("messaging.destination.name", partition.Topic),
                    new KeyValuePair<string, object?>("messaging.destination.partition.id", partition.Partition.Value.ToString(CultureInfo.InvariantCulture))));
            }

            return measurements;
        }
    }
}
