using System.Collections.Immutable;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

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
        var app = builder.ApplicationBuilder;
        var kafka = builder.Resource;
        if (app.ExecutionContext.IsPublishMode || kafka.HasAnnotationOfType<KafkaDevBrokerAnnotation>())
        {
            return builder;
        }

        RemoveContainerImage(kafka);
        app.Services.TryAddSingleton<KafkaDevBrokerHost>();
        app.Services.AddHostedService(sp => sp.GetRequiredService<KafkaDevBrokerHost>());

        // Before DCP prepares its services: the endpoints must already carry the broker's real port by then.
        app.Eventing.Subscribe<BeforeStartEvent>((e, ct) => StartBrokerAsync(kafka, e.Services, ct));

        return builder
            .WithAnnotation(new KafkaDevBrokerAnnotation())
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            // Both endpoints are the same loopback port here: list it once in the summary.
            .WithUrlForEndpoint(KafkaServerResource.InternalEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .OnInitializeResource(ReportRunningAsync);
    }

    private static async Task StartBrokerAsync(KafkaServerResource kafka, IServiceProvider services, CancellationToken cancellationToken)
    {
        RemoveContainerImage(kafka); // in case a later call (WithImage…) put one back: DCP must not start a container
        var primary = Endpoint(kafka, KafkaServerResource.PrimaryEndpointName);
        var @internal = Endpoint(kafka, KafkaServerResource.InternalEndpointName);

        // Like DCP with a container's fixed host port: honoured, except under the test builder's RandomizePorts.
        var randomizePorts = services.GetRequiredService<IConfiguration>().GetValue<bool>("DcpPublisher:RandomizePorts");
        var fixedPort = randomizePorts ? null : primary.Port;

        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(kafka);
        KafkaDevBroker broker;
        try
        {
            broker = await services.GetRequiredService<KafkaDevBrokerHost>()
                .StartAsync(kafka, fixedPort, logger, s_startTimeout, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new DistributedApplicationException(
                $"The Kafka dev broker '{kafka.Name}' cannot listen on {KafkaDevBroker.Host}:{fixedPort}: {e.Message}. Free the port or pass another to AddKafka.", e);
        }

        foreach (var endpoint in new[] { primary, @internal })
        {
            // DCP must not proxy a port the broker already holds, and requires Port == TargetPort for proxy-less endpoints.
            endpoint.IsProxied = false;
            endpoint.TargetHost = KafkaDevBroker.Host;
            endpoint.Port = broker.Port;
            endpoint.TargetPort = broker.Port;
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, KafkaDevBroker.Host, broker.Port);
        }
    }

    // Mirrors what DCP does for a container: BeforeResourceStarted, Starting, endpoints, connection string, Running.
    private static async Task ReportRunningAsync(KafkaServerResource kafka, InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        try
        {
            var broker = e.Services.GetRequiredService<KafkaDevBrokerHost>().Find(kafka)
                ?? throw new InvalidOperationException($"The dev broker for '{kafka.Name}' was not started.");

            await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(kafka, e.Services), cancellationToken);
            await e.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.Starting });
            LogWhatThisIs(e.Logger, broker, kafka.Topics());

            await e.Eventing.PublishAsync(new ResourceEndpointsAllocatedEvent(kafka, e.Services), cancellationToken);
            // Before Running: the health check starts on Running and needs the connection string.
            await e.Eventing.PublishAsync(new ConnectionStringAvailableEvent(kafka, e.Services), cancellationToken);
            await e.Notifications.PublishUpdateAsync(kafka, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                StartTimeStamp = broker.StartedAt,
                Urls = [.. s.Urls.Select(u => u with { IsInactive = false })], // DCP activates a running container's URLs; we are not DCP's
                Properties = With(s.Properties,
                    new("kafka.implementation", "librdkafka mock cluster, in the AppHost process"),
                    new("kafka.bootstrapServers", broker.BootstrapServers),
                    new("kafka.topics", string.Join(", ", kafka.Topics()))),
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            e.Logger.LogError(ex, "The Kafka dev broker '{ResourceName}' failed to start.", kafka.Name);
            await e.Notifications.PublishUpdateAsync(kafka, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
            });
        }
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

    private static ImmutableArray<ResourcePropertySnapshot> With(ImmutableArray<ResourcePropertySnapshot> properties,
        params ResourcePropertySnapshot[] updates) =>
        [.. properties.Where(p => updates.All(u => u.Name != p.Name)), .. updates];

    private static EndpointAnnotation Endpoint(KafkaServerResource kafka, string name) =>
        kafka.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(a => a.Name == name)
            ?? throw new InvalidOperationException($"'{kafka.Name}' has no '{name}' endpoint; create it with AddKafka.");

    private static void RemoveContainerImage(KafkaServerResource kafka)
    {
        foreach (var image in kafka.Annotations.OfType<ContainerImageAnnotation>().ToList())
        {
            kafka.Annotations.Remove(image);
        }
    }
}
