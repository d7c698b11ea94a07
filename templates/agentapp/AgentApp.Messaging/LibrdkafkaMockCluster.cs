using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace AgentApp.Messaging;

/// <summary>
/// librdkafka's mock-cluster API (rdkafka_mock.h), bound to the librdkafka that Confluent.Kafka already loaded.
/// The API is experimental and not ABI-stable: Confluent.Kafka and librdkafka.redist are pinned to the same version.
/// </summary>
public sealed class LibrdkafkaMockCluster
{
    // One module per process and never unloaded, so one handle serves every mock cluster.
    private static readonly Lazy<IntPtr> s_library = new(LoadedLibrdkafka);

    private readonly IntPtr _cluster;
    private readonly TopicCreate _topicCreate;
    private readonly SetInt _rebalanceDelay;
    private readonly SetInt _consumerSessionTimeout;
    private readonly SetHostPort _brokerSetHostPort;

    private LibrdkafkaMockCluster(IntPtr library, IntPtr cluster)
    {
        _cluster = cluster;
        _topicCreate = Export<TopicCreate>(library, "rd_kafka_mock_topic_create");
        _rebalanceDelay = Export<SetInt>(library, "rd_kafka_mock_group_initial_rebalance_delay_ms");
        _consumerSessionTimeout = Export<SetInt>(library, "rd_kafka_mock_set_group_consumer_session_timeout_ms");
        _brokerSetHostPort = Export<SetHostPort>(library, "rd_kafka_mock_broker_set_host_port");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockCluster(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate ErrorCode TopicCreate(IntPtr mc, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetInt(IntPtr mc, int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetHostPort(IntPtr mc, int brokerId, [MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port);

    /// <summary>The mock cluster owned by <paramref name="client"/>, a client built with <c>test.mock.num.brokers</c>.</summary>
    public static LibrdkafkaMockCluster Of(IClient client)
    {
        var library = s_library.Value;
        var rk = NativeHandle(client);
        var cluster = Export<HandleMockCluster>(library, "rd_kafka_handle_mock_cluster")(rk);
        return cluster == IntPtr.Zero
            ? throw new InvalidOperationException("The Kafka client has no mock cluster: it was built without test.mock.num.brokers.")
            : new LibrdkafkaMockCluster(library, cluster);
    }

    /// <summary>Creates a topic with an exact partition count (the mock has no CreateTopics handler).</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        var error = _topicCreate(_cluster, name, partitions, replicationFactor);
        if (error is not ErrorCode.NoError and not ErrorCode.TopicAlreadyExists)
        {
            throw new KafkaException(error);
        }
    }

    /// <summary>The first consumer-group join waits this long for more members (librdkafka default 3000 ms).</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) => _rebalanceDelay(_cluster, (int)delay.TotalMilliseconds);

    /// <summary>How long a silent KIP-848 consumer keeps its partitions (mock default 30 s).</summary>
    public void SetConsumerGroupSessionTimeout(TimeSpan timeout) => _consumerSessionTimeout(_cluster, (int)timeout.TotalMilliseconds);

    /// <summary>The address a broker advertises in metadata, so clients come back through our forwarder.</summary>
    public void SetBrokerAddress(int brokerId, string host, int port) => _brokerSetHostPort(_cluster, brokerId, host, port);

    private static T Export<T>(IntPtr library, string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));

    // Confluent.Kafka keeps the rd_kafka_t* in an internal SafeHandle; pinned package versions keep this stable.
    private static IntPtr NativeHandle(IClient client)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("Confluent.Kafka no longer exposes Handle.LibrdkafkaHandle; re-check the mock binding.");
        return ((SafeHandle)property.GetValue(client.Handle)!).DangerousGetHandle();
    }

    // Confluent.Kafka picks one of several builds (librdkafka.so, centos8-librdkafka.so on Debian 12, librdkafka.dll,
    // librdkafka.dylib): bind to whichever one is mapped, never load a second copy with its own globals.
    private static IntPtr LoadedLibrdkafka()
    {
        using var process = Process.GetCurrentProcess();
        var path = process.Modules.Cast<ProcessModule>()
            .Select(m => m.FileName)
            .FirstOrDefault(f => Path.GetFileName(f) is { } file
                && file.Contains("librdkafka", StringComparison.OrdinalIgnoreCase)
                && !file.Contains("librdkafkacpp", StringComparison.OrdinalIgnoreCase));
        return path is null
            ? throw new InvalidOperationException("librdkafka is not loaded; create a Confluent.Kafka client first.")
            : NativeLibrary.Load(path);
    }
}
