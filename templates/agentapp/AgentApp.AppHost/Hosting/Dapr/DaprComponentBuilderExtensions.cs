using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>Adds Dapr components to the app model and describes their backing services and metadata.</summary>
public static class DaprComponentBuilderExtensions
{
    /// <summary>Adds a Dapr component of a concrete type, e.g. <c>AddDaprComponent("pubsub", "pubsub.kafka")</c>.</summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The component name applications use (e.g. <c>statestore</c>).</param>
    /// <param name="type">The concrete component type (<c>state.redis</c>, <c>pubsub.kafka</c>, …).</param>
    public static IResourceBuilder<DaprComponentResource> AddDaprComponent(this IDistributedApplicationBuilder builder, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var component = new DaprComponentResource(name, type);
        return builder.AddResource(component)
            .WithManifestPublishingCallback(context => DaprManifest.WriteComponent(context, component))
            .WithDashboardState();
    }

    /// <summary>Adds a Dapr state store, in memory until a backing service is chosen (e.g. <see cref="WithRedis{TRedis}"/>).</summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The component name applications use.</param>
    public static IResourceBuilder<DaprComponentResource> AddDaprStateStore(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddDaprComponent(name, "state.in-memory");

    /// <summary>Adds a Dapr pub/sub, in memory until a backing service is chosen.</summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The component name applications use.</param>
    public static IResourceBuilder<DaprComponentResource> AddDaprPubSub(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddDaprComponent(name, "pubsub.in-memory");

    /// <summary>
    /// Backs the component with Redis: the type becomes <c>{kind}.redis</c> and <c>redisHost</c>, <c>redisPassword</c> and
    /// <c>enableTLS</c> come from the resource's connection string (<c>host:port,password=…</c>) when daprd starts.
    /// </summary>
    /// <typeparam name="TRedis">The Redis resource type.</typeparam>
    /// <param name="component">The state store or pub/sub.</param>
    /// <param name="redis">Any resource with a Redis connection string, usually from <c>AddRedis</c>.</param>
    public static IResourceBuilder<DaprComponentResource> WithRedis<TRedis>(this IResourceBuilder<DaprComponentResource> component, IResourceBuilder<TRedis> redis)
        where TRedis : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(redis);
        var kind = component.Resource.Kind;
        if (kind is not ("state" or "pubsub" or "lock" or "configuration"))
        {
            throw new DistributedApplicationException($"Dapr has no Redis '{kind}' component ('{component.Resource.Name}').");
        }

        component.Resource.Type = $"{kind}.redis";
        return component
            .WithMetadata(new DaprComponentMetadataAnnotation("redisHost", new RedisConnectionPart(redis.Resource, RedisConnectionPart.Part.HostAndPort), source: redis.Resource))
            .WithMetadata(new DaprComponentMetadataAnnotation("redisPassword", new RedisConnectionPart(redis.Resource, RedisConnectionPart.Part.Password), isSecret: true, source: redis.Resource))
            .WithMetadata(new DaprComponentMetadataAnnotation("enableTLS", new RedisConnectionPart(redis.Resource, RedisConnectionPart.Part.EnableTls), source: redis.Resource))
            .WithReferenceRelationship(redis.Resource);
    }

    /// <summary>
    /// Backs a pub/sub with Kafka: the type becomes <c>pubsub.kafka</c>, <c>brokers</c> comes from the resource's
    /// connection string (the bootstrap servers) when daprd starts, and <c>authType</c> is <c>none</c> (a deployment
    /// overlay sets SASL or mTLS). Dapr's required fields: https://docs.dapr.io/reference/components-reference/supported-pubsub/setup-apache-kafka/
    /// </summary>
    /// <typeparam name="TKafka">The Kafka resource type.</typeparam>
    /// <param name="component">The pub/sub.</param>
    /// <param name="kafka">Any resource whose connection string is the bootstrap servers, usually from <c>AddKafka</c>.</param>
    public static IResourceBuilder<DaprComponentResource> WithKafka<TKafka>(this IResourceBuilder<DaprComponentResource> component, IResourceBuilder<TKafka> kafka)
        where TKafka : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(kafka);
        if (component.Resource.Kind != "pubsub")
        {
            throw new DistributedApplicationException($"'{component.Resource.Name}' is a '{component.Resource.Type}' component; only a pub/sub can be backed by Kafka.");
        }

        component.Resource.Type = "pubsub.kafka";
        return component
            .WithMetadata(new DaprComponentMetadataAnnotation("brokers", kafka.Resource.ConnectionStringExpression, source: kafka.Resource))
            .WithMetadata("authType", "none")
            .WithReferenceRelationship(kafka.Resource);
    }

    /// <summary>
    /// Makes this state store the one that keeps actor state (<c>actorStateStore: "true"</c>). Dapr allows exactly one per
    /// app, so marking a second store fails here rather than when daprd starts.
    /// </summary>
    /// <param name="stateStore">A state store.</param>
    public static IResourceBuilder<DaprComponentResource> AsActorStateStore(this IResourceBuilder<DaprComponentResource> stateStore)
    {
        ArgumentNullException.ThrowIfNull(stateStore);
        if (stateStore.Resource.Kind != "state")
        {
            throw new DistributedApplicationException($"'{stateStore.Resource.Name}' is a '{stateStore.Resource.Type}' component; only a state store can keep actor state.");
        }

        var other = stateStore.ApplicationBuilder.Resources.OfType<DaprComponentResource>()
            .FirstOrDefault(c => c != stateStore.Resource && c.IsActorStateStore);
        if (other is not null)
        {
            throw new DistributedApplicationException($"'{other.Name}' is already the actor state store; Dapr allows exactly one.");
        }

        return stateStore.WithMetadata(DaprComponentResource.ActorStateStoreMetadataName, "true");
    }

    /// <summary>Sets a literal metadata item (replacing an earlier one with the same name).</summary>
    /// <param name="component">The component.</param>
    /// <param name="name">The metadata name.</param>
    /// <param name="value">The value.</param>
    public static IResourceBuilder<DaprComponentResource> WithMetadata(this IResourceBuilder<DaprComponentResource> component, string name, string value) =>
        component.WithMetadata(new DaprComponentMetadataAnnotation(name, value));

    /// <summary>Sets a metadata item resolved when daprd starts, e.g. <c>$"{kafka.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)}"</c>.</summary>
    /// <param name="component">The component.</param>
    /// <param name="name">The metadata name.</param>
    /// <param name="value">The expression.</param>
    public static IResourceBuilder<DaprComponentResource> WithMetadata(this IResourceBuilder<DaprComponentResource> component, string name, ReferenceExpression value) =>
        component.WithMetadata(new DaprComponentMetadataAnnotation(name, value));

    /// <summary>Sets a metadata item from a parameter; a secret parameter stays a secret for deployment generators.</summary>
    /// <param name="component">The component.</param>
    /// <param name="name">The metadata name.</param>
    /// <param name="parameter">The parameter.</param>
    public static IResourceBuilder<DaprComponentResource> WithMetadata(this IResourceBuilder<DaprComponentResource> component, string name, IResourceBuilder<ParameterResource> parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return component.WithMetadata(new DaprComponentMetadataAnnotation(name, parameter.Resource, parameter.Resource.Secret, parameter.Resource));
    }

    private static IResourceBuilder<DaprComponentResource> WithMetadata(this IResourceBuilder<DaprComponentResource> component, DaprComponentMetadataAnnotation metadata)
    {
        ArgumentNullException.ThrowIfNull(component);
        foreach (var earlier in component.Resource.Metadata.Where(m => m.Name == metadata.Name).ToList())
        {
            component.Resource.Annotations.Remove(earlier);
        }

        return component.WithAnnotation(metadata);
    }
}
