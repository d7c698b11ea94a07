namespace AgentApp.Hosting;

/// <summary>
/// A Dapr component (state store, pub/sub, …) with a concrete type such as <c>state.redis</c>. The manifest carries only
/// the type; metadata rides as <see cref="DaprComponentMetadataAnnotation"/>s.
/// </summary>
/// <param name="name">The component name daprd and the SDK use, e.g. <c>statestore</c>.</param>
/// <param name="type">The concrete component type, e.g. <c>state.redis</c>.</param>
public sealed class DaprComponentResource(string name, string type) : Resource(name)
{
    /// <summary>The metadata name Dapr uses to pick the store that keeps actor state.</summary>
    public const string ActorStateStoreMetadataName = "actorStateStore";

    /// <summary>The concrete component type, e.g. <c>state.redis</c> or <c>pubsub.kafka</c>.</summary>
    public string Type { get; internal set; } = ValidateType(type);

    /// <summary>The component version (<c>spec.version</c>).</summary>
    public string Version { get; internal set; } = "v1";

    /// <summary>The building block: the part of <see cref="Type"/> before the first dot (<c>state</c>, <c>pubsub</c>, …).</summary>
    public string Kind => Type[..Type.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The metadata items, one per name (a later value for the same name replaces the earlier one).</summary>
    public IEnumerable<DaprComponentMetadataAnnotation> Metadata => Annotations.OfType<DaprComponentMetadataAnnotation>();

    /// <summary>True when this state store keeps actor state (<c>actorStateStore: "true"</c>).</summary>
    public bool IsActorStateStore => Metadata.Any(m => m.Name == ActorStateStoreMetadataName && m.Value is "true");

    internal static string ValidateType(string type)
    {
        // Generic types ("state") are what made Aspirate's Components invalid: insist on "kind.provider".
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == type.Length - 1)
        {
            throw new ArgumentException($"'{type}' is not a concrete Dapr component type; use e.g. 'state.redis' or 'pubsub.kafka'.", nameof(type));
        }

        return type;
    }
}
