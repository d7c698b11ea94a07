using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Model;

namespace AgentApp.Deploy.Dapr;

/// <summary>
/// The manifest carries only a component's type (Aspire's schema allows nothing else), so its metadata comes from
/// conventions: a Redis component reads host and password from the Redis resource's connection Secret, a Kafka pub/sub
/// its brokers from the Kafka Secret, and the single state store that actor hosts load keeps actor state.
/// </summary>
internal sealed class DaprComponentConventions(
    IReadOnlyDictionary<string, ConnectionResource> connections,
    IReadOnlyDictionary<string, InfrastructureKind> kinds,
    ICollection<string> warnings)
{
    /// <summary>The component version every built-in component type has.</summary>
    public const string Version = "v1";

    /// <summary>Builds a component from its manifest entry.</summary>
    /// <param name="resource">The <c>dapr.component.v0</c> entry.</param>
    /// <param name="scopes">The app ids whose sidecars load it.</param>
    /// <param name="isActorStateStore">True for the state store chosen to keep actor state.</param>
    public DaprComponent Build(ManifestResource resource, IReadOnlyList<string> scopes, bool isActorStateStore)
    {
        var type = TypeOf(resource);
        var provider = type[(type.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var metadata = new List<DaprMetadataItem>();
        string? backend = null;
        switch (provider)
        {
            case "redis":
                var redis = Backend(resource.Name, InfrastructureKind.Redis, ["redis", "cache", $"{resource.Name}-redis"]);
                backend = redis.Resource.Name;
                metadata.Add(new DaprMetadataItem("redisHost", Secret: redis.SecretName, Key: "address"));
                if (redis.CanonicalKeys.Any(k => k.Key == "password"))
                {
                    metadata.Add(new DaprMetadataItem("redisPassword", Secret: redis.SecretName, Key: "password"));
                }

                break;
            case "kafka" when type.StartsWith("pubsub.", StringComparison.Ordinal):
                var kafka = Backend(resource.Name, InfrastructureKind.Kafka, ["kafka", "messaging", $"{resource.Name}-kafka"]);
                backend = kafka.Resource.Name;
                // The Kafka connection string is the bootstrap server list, exactly what "brokers" wants.
                metadata.Add(new DaprMetadataItem("brokers", Secret: kafka.SecretName, Key: "connectionString"));
                metadata.Add(new DaprMetadataItem("authType", "none"));
                metadata.Add(new DaprMetadataItem("disableTls", "true"));
                break;
            case "in-memory":
                warnings.Add($"{resource.Name}: '{type}' keeps data in the sidecar's memory; choose a real store before production");
                break;
            default:
                warnings.Add($"{resource.Name}: no metadata convention for '{type}'; add spec.metadata in an overlay");
                break;
        }

        if (isActorStateStore)
        {
            metadata.Add(new DaprMetadataItem("actorStateStore", "true"));
        }

        return new DaprComponent(resource.Name, type, Version, metadata, scopes, backend);
    }

    /// <summary>The concrete component type; a generic one (<c>state</c>) is an error, as Dapr would reject it.</summary>
    public static string TypeOf(ManifestResource resource)
    {
        var type = resource.Json["daprComponent"]?["type"]?.GetValue<string>()
            ?? throw new ManifestException($"Dapr component '{resource.Name}' has no daprComponent.type.");
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == type.Length - 1)
        {
            throw new ManifestException($"Dapr component '{resource.Name}' has the generic type '{type}'; use a concrete one such as 'state.redis' or 'pubsub.kafka'.");
        }

        return type;
    }

    /// <summary>
    /// Picks the actor state store among the state stores: the only one, else the only one named like an actor store,
    /// else the one called <c>statestore</c>.
    /// </summary>
    public static string? ChooseActorStateStore(IEnumerable<ManifestResource> components)
    {
        var stores = components.Where(c => TypeOf(c).StartsWith("state.", StringComparison.Ordinal)).Select(c => c.Name).ToList();
        if (stores.Count <= 1)
        {
            return stores.SingleOrDefault();
        }

        var actorNamed = stores.Where(s => s.Contains("actor", StringComparison.OrdinalIgnoreCase)).ToList();
        if (actorNamed.Count == 1)
        {
            return actorNamed[0];
        }

        return stores.Contains("statestore")
            ? "statestore"
            : throw new ManifestException($"Several state stores ({string.Join(", ", stores)}) and none is named 'statestore' or like an actor store: Dapr needs exactly one actorStateStore.");
    }

    private ConnectionResource Backend(string component, InfrastructureKind kind, string[] conventionalNames)
    {
        var candidates = connections.Values.Where(c => kinds[c.Resource.Name] == kind).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        return candidates.FirstOrDefault(c => conventionalNames.Contains(c.Resource.Name))
            ?? throw new ManifestException(candidates.Count == 0
                ? $"Dapr component '{component}' needs a {kind} resource in the manifest."
                : $"Dapr component '{component}' could use any of {string.Join(", ", candidates.Select(c => c.Resource.Name))}; name one {string.Join(" or ", conventionalNames)}.");
    }
}
