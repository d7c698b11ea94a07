using Aspire.Hosting.ApplicationModel;
using AgentApp.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>Runs a <see cref="KafkaServerResource"/> as an in-process dev broker instead of a container.</summary>
public static class KafkaDevBrokerBuilderExtensions
{
    /// <summary>The resource type the dashboard shows for a dev broker.</summary>
    public const string ResourceType = "Kafka (dev broker)";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In run mode, replaces the broker container with librdkafka's mock cluster hosted inside the AppHost process:
    /// same resource, same connection string shape (<c>127.0.0.1:port</c>), same health check, topics from
    /// <c>WithTopics</c> created before it reports Running. It listens on the port given to <c>AddKafka</c> (unless
    /// the test builder randomises ports) or on a free one, and stops with the AppHost. The image annotation is removed,
    /// so container-only calls (<c>WithImageTag</c>, volumes…) belong behind a check of
    /// <see cref="InfrastructureModeExtensions.GetInfrastructureMode"/>. Publish mode is unaffected: the manifest still
    /// describes the container.
    /// <see cref="KafkaBuilderExtensions.AddKafka"/> calls this when the infrastructure mode is Local.
    /// </summary>
    /// <remarks>
    /// For development and tests only: data lives in memory and is lost on stop; each partition keeps only its last
    /// ~5 MiB; transactions, CreateTopics/DeleteTopics and DescribeCluster are not supported; it listens on loopback,
    /// so containers cannot reach it.
    /// </remarks>
    /// <param name="builder">The Kafka resource builder.</param>
    /// <returns>The Kafka resource builder.</returns>
    public static IResourceBuilder<KafkaServerResource> RunAsDevBroker(this IResourceBuilder<KafkaServerResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var kafka = builder.Resource;
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode || kafka.HasAnnotationOfType<KafkaDevBrokerAnnotation>())
        {
            return builder;
        }

        return builder
            .WithAnnotation(new KafkaDevBrokerAnnotation())
            // Both endpoints are the same loopback port here: list it once in the summary.
            .WithUrlForEndpoint(KafkaServerResource.InternalEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .RunInProcess(ResourceType,
                async context => await KafkaDevBroker.StartAsync(context.FixedPort, kafka.Topics(), context.Logger, s_startTimeout, context.CancellationToken),
                (server, logger) =>
                {
                    var broker = (KafkaDevBroker)server;
                    LogWhatThisIs(logger, broker, kafka.Topics());
                    return
                    [
                        new("kafka.implementation", "librdkafka mock cluster, in the AppHost process"),
                        new("kafka.bootstrapServers", broker.BootstrapServers),
                        new("kafka.topics", string.Join(", ", kafka.Topics())),
                    ];
                });
    }

    private static void LogWhatThisIs(ILogger logger, KafkaDevBroker broker, IReadOnlyList<KafkaTopic> topics)
    {
        logger.LogInformation(
            "Kafka dev broker on {BootstrapServers}: librdkafka's in-memory mock cluster, running inside the AppHost process. " +
            "For development and tests only: all data is lost when the AppHost stops, and each partition keeps only its last ~5 MiB " +
            "(older records are silently dropped). Transactions, CreateTopics/DeleteTopics and DescribeCluster are not supported, " +
            "and only processes on this machine can connect. Set Infrastructure__Mode=Containers to run the real broker container.",
            broker.BootstrapServers);
        logger.LogInformation("Topics: {Topics}", topics.Count == 0 ? "(none declared; producing to a new topic creates it)" : string.Join(", ", topics));
    }
}
