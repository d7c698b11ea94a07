namespace AgentApp.Hosting;

/// <summary>Marks a <see cref="DaprSidecarResource"/> as loading a component.</summary>
/// <param name="component">The referenced component.</param>
public sealed class DaprComponentReferenceAnnotation(DaprComponentResource component) : IResourceAnnotation
{
    /// <summary>The referenced component.</summary>
    public DaprComponentResource Component { get; } = component;
}

/// <summary>Where a sidecar finds the app's actor state store when its roles need it: the app model's components.</summary>
/// <param name="stores">The components of the app model, read when the sidecar's components are.</param>
internal sealed class DaprActorStateStoreSourceAnnotation(Func<IEnumerable<DaprComponentResource>> stores) : IResourceAnnotation
{
    /// <summary>The app model's components.</summary>
    public Func<IEnumerable<DaprComponentResource>> Stores { get; } = stores;
}
