using Aspire.Hosting.ApplicationModel;
using AgentApp.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentApp.Hosting;

/// <summary>Adds Kafka brokers to the application model, the way Aspire.Hosting.Kafka 13.6 does.</summary>
public static class KafkaBuilderExtensions
{
    private const int BrokerPort = 9092;
    private const int InternalBrokerPort = 9093;

    /// <summary>
    /// Adds a Kafka broker. In publish mode and in <see cref="InfrastructureMode.Containers"/> it is the
    /// <c>confluentinc/confluent-local:8.2.0</c> container, described in the manifest exactly as Aspire.Hosting.Kafka
    /// describes it; in <see cref="InfrastructureMode.Local"/> it runs as an in-process dev broker (see
    /// <see cref="KafkaDevBrokerBuilderExtensions.RunAsDevBroker"/>). Either way dependents get
    /// <c>ConnectionStrings__{name}=host:port</c> from <c>WithReference</c>, and <c>WaitFor</c> waits until the broker
    /// answers a metadata request.
    /// </summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="port">A fixed host port for the broker; <see langword="null"/> picks a free one.</param>
    /// <returns>The Kafka resource builder.</returns>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var kafka = new KafkaServerResource(name);

        // The health check and topic creation dial the broker with its resolved connection string, known only once
        // endpoints are allocated (by DCP for the container, by the dev broker itself in Local mode).
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(kafka, async (_, ct) =>
            connectionString = await kafka.ConnectionStringExpression.GetValueAsync(ct)
                ?? throw new DistributedApplicationException($"'{kafka.Name}' published ConnectionStringAvailableEvent without a connection string."));

        // One registration per resource: a shared singleton check would dial whichever broker was added last.
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new KafkaHealthCheck(() => connectionString), failureStatus: default, tags: default));

        // ResourceReadyEvent completes before WaitFor releases dependents, so the topics exist when they start.
        builder.Eventing.Subscribe<ResourceReadyEvent>(kafka, (e, ct) =>
            kafka.HasAnnotationOfType<KafkaDevBrokerAnnotation>() // the dev broker made its topics at start-up
                ? Task.CompletedTask
                : KafkaTopicProvisioner.CreateTopicsAsync(
                    connectionString ?? throw new DistributedApplicationException($"'{kafka.Name}' became ready before its connection string was known."),
                    kafka.Topics(),
                    e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(kafka), ct));

        var resource = builder.AddResource(kafka)
            .WithEndpoint(targetPort: BrokerPort, port: port, name: KafkaServerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: InternalBrokerPort, name: KafkaServerResource.InternalEndpointName)
            .WithImage(KafkaContainerImageTags.Image, KafkaContainerImageTags.Tag)
            .WithImageRegistry(KafkaContainerImageTags.Registry)
            .WithEnvironment(context => ConfigureBrokerContainer(context, kafka))
            .WithHealthCheck(healthCheckKey);

        return builder.GetInfrastructureMode() == InfrastructureMode.Local ? resource.RunAsDevBroker() : resource;
    }

    /// <summary>
    /// Topics the application needs, created before dependents that <c>WaitFor</c> the broker start. A topic named
    /// again replaces the earlier definition.
    /// </summary>
    /// <param name="builder">The Kafka resource builder.</param>
    /// <param name="topics">The topics.</param>
    /// <returns>The Kafka resource builder.</returns>
    public static IResourceBuilder<KafkaServerResource> WithTopics(this IResourceBuilder<KafkaServerResource> builder,
        params KafkaTopic[] topics)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(topics);

        foreach (var topic in topics)
        {
            ArgumentNullException.ThrowIfNull(topic, nameof(topics));
            foreach (var earlier in builder.Resource.Annotations.OfType<KafkaTopicAnnotation>().Where(a => a.Topic.Name == topic.Name).ToList())
            {
                builder.Resource.Annotations.Remove(earlier);
            }

            builder.WithAnnotation(new KafkaTopicAnnotation(topic), ResourceAnnotationMutationBehavior.Append);
        }

        return builder;
    }

    /// <summary>Topics written as <c>name</c> or <c>name:partitions</c>, e.g. <c>WithTopics("orders:4", "audit")</c>.</summary>
    /// <param name="builder">The Kafka resource builder.</param>
    /// <param name="topics">The topics, each <c>name</c> or <c>name:partitions</c>.</param>
    /// <returns>The Kafka resource builder.</returns>
    /// <exception cref="FormatException">A topic is not <c>name</c> or <c>name:partitions</c>.</exception>
    public static IResourceBuilder<KafkaServerResource> WithTopics(this IResourceBuilder<KafkaServerResource> builder,
        params string[] topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return builder.WithTopics([.. topics.Select(KafkaTopic.Parse)]);
    }

    /// <summary>The topics declared with <c>WithTopics</c>.</summary>
    internal static IReadOnlyList<KafkaTopic> Topics(this KafkaServerResource kafka) =>
        [.. kafka.Annotations.OfType<KafkaTopicAnnotation>().Select(a => a.Topic)];

    private static void ConfigureBrokerContainer(EnvironmentCallbackContext context, KafkaServerResource kafka)
    {
        // confluent-local starts one KRaft broker from these; its defaults only cover PLAINTEXT and CONTROLLER, so the
        // host listener (9092) and the container-to-broker listener (9093) are added here.
        context.EnvironmentVariables["KAFKA_LISTENERS"] =
            $"PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:{BrokerPort},PLAINTEXT_INTERNAL://0.0.0.0:{InternalBrokerPort}";
        context.EnvironmentVariables["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
            "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";

        var primary = kafka.PrimaryEndpoint;
        var @internal = kafka.InternalEndpoint;
        // Clients connect to whatever address the broker advertises: host processes get the mapped host port, other
        // containers reach the broker by resource name on the container network (see microsoft/aspire#3910).
        context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = context.ExecutionContext.IsRunMode
            ? ReferenceExpression.Create(
                $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{primary.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{kafka.Name}:{@internal.Property(EndpointProperty.TargetPort)}")
            : ReferenceExpression.Create(
                $"PLAINTEXT://{primary.Property(EndpointProperty.Host)}:29092,PLAINTEXT_HOST://{primary.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{@internal.Property(EndpointProperty.HostAndPort)}");
    }
}
