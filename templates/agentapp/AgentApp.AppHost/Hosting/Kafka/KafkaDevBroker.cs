using AgentApp.Messaging;
using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>
/// One in-memory Kafka broker: librdkafka's mock cluster, hosted by a Confluent.Kafka admin client inside the AppHost
/// process. Lives exactly as long as this object; disposing it closes the port and drops all data.
/// </summary>
internal sealed class KafkaDevBroker : IInProcessServer
{
    /// <summary>The mock listens on this address only.</summary>
    public const string Host = "127.0.0.1";

    // One broker: a fixed port per broker would need one forwarder each, and a dev broker needs no replicas.
    private const int BrokerCount = 1;

    // Classic groups re-join after session.timeout.ms - 1 s and KIP-848 ones after the mock's 30 s: keep both short.
    private static readonly TimeSpan s_consumerGroupSessionTimeout = TimeSpan.FromSeconds(6);

    private readonly IAdminClient _owner;
    private readonly LoopbackTcpForwarder? _forwarder;
    private int _disposed;

    private KafkaDevBroker(IAdminClient owner, LoopbackTcpForwarder? forwarder, int port)
    {
        _owner = owner;
        _forwarder = forwarder;
        Port = port;
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, what <c>BootstrapServers</c> takes.</summary>
    public string BootstrapServers => $"{Host}:{Port}";

    /// <summary>When the broker started accepting connections.</summary>
    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <summary>
    /// Starts a broker, on <paramref name="fixedPort"/> if given (through a loopback forwarder) or on the mock's own
    /// random port, with <paramref name="topics"/> already created.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException"><paramref name="fixedPort"/> is taken.</exception>
    public static async Task<KafkaDevBroker> StartAsync(int? fixedPort, IEnumerable<KafkaTopic> topics, ILogger logger,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", BrokerCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var owner = new AdminClientBuilder(config)
            .SetLogHandler((_, m) => logger.Log(ToLogLevel(m.Level), "librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .SetErrorHandler((_, e) => logger.LogWarning("librdkafka error {Code}: {Reason}", e.Code, e.Reason))
            .Build();
        LoopbackTcpForwarder? forwarder = null;
        try
        {
            var mock = LibrdkafkaMockCluster.Of(owner);
            mock.SetGroupInitialRebalanceDelay(TimeSpan.Zero); // default 3 s before the first group join completes
            mock.SetConsumerGroupSessionTimeout(s_consumerGroupSessionTimeout);

            // GetMetadata blocks on librdkafka; the mock answers in milliseconds, the timeout only bounds a broken start.
            var metadata = await Task.Run(() => owner.GetMetadata(timeout), cancellationToken);
            var broker = metadata.Brokers.Single();
            var port = broker.Port;
            if (fixedPort is { } requested)
            {
                forwarder = LoopbackTcpForwarder.Start(requested, targetPort: broker.Port);
                // Metadata must name the forwarder, or clients would bootstrap on it and then dial the random port.
                mock.SetBrokerAddress(broker.BrokerId, Host, forwarder.Port);
                port = forwarder.Port;
            }

            foreach (var topic in topics)
            {
                mock.CreateTopic(topic.Name, topic.Partitions, Math.Min((int)topic.ReplicationFactor, BrokerCount));
            }

            return new KafkaDevBroker(owner, forwarder, port);
        }
        catch
        {
            if (forwarder is not null)
            {
                await forwarder.DisposeAsync();
            }

            owner.Dispose();
            throw;
        }
    }

    /// <summary>Closes the port and destroys the mock cluster and its thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_forwarder is not null)
        {
            await _forwarder.DisposeAsync();
        }

        // rd_kafka_destroy joins the mock thread: keep that off the caller's thread.
        await Task.Run(_owner.Dispose);
    }

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        // Notices come from the client that hosts the mock (e.g. the mock's internal port, which clients never dial).
        _ => LogLevel.Debug,
    };
}
