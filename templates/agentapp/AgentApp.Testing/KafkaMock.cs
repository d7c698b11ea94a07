using AgentApp.Messaging;
using Confluent.Kafka;

namespace AgentApp.Testing;

/// <summary>
/// A librdkafka mock cluster on loopback TCP with the AppHost's topics, fast group joins and
/// helpers to read topics from the start without joining a group. Disposing destroys the cluster.
/// </summary>
public sealed class KafkaMock : IDisposable
{
    private readonly IAdminClient _owner;

    /// <summary>Starts one broker and creates <paramref name="topics"/> (name, partitions).</summary>
    public KafkaMock(params (string Name, int Partitions)[] topics)
    {
        var config = new AdminClientConfig { BootstrapServers = "ignored:9092" };
        config.Set("test.mock.num.brokers", "1");
        _owner = new AdminClientBuilder(config).Build();
        var metadata = _owner.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        var cluster = LibrdkafkaMockCluster.Of(_owner);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        foreach (var (name, partitions) in topics)
        {
            cluster.CreateTopic(name, partitions, 1);
        }
    }

    /// <summary>The brokers' address.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Reads every partition of <paramref name="topic"/> from the beginning until <paramref name="done"/> holds for all
    /// messages read so far, or <paramref name="cancellationToken"/> ends it (then throws).
    /// </summary>
    public Task<List<Message<string, string>>> ReadUntilAsync(string topic, int partitions, Func<List<Message<string, string>>, bool> done,
        CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "test-reader",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = new List<Message<string, string>>();
        while (!done(read))
        {
            read.Add(consumer.Consume(cancellationToken).Message);
        }

        consumer.Close();
        return read;
    }, cancellationToken);

    /// <summary>Produces one message (acks=all).</summary>
    public async Task ProduceAsync(string topic, string key, string value)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = BootstrapServers, Acks = Acks.All }).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value });
    }

    /// <inheritdoc />
    public void Dispose() => _owner.Dispose();
}
