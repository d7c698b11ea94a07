namespace AgentApp.Hosting;

/// <summary>Marks a <see cref="DaprSidecarResource"/> as loading a component.</summary>
/// <param name="component">The referenced component.</param>
public sealed class DaprComponentReferenceAnnotation(DaprComponentResource component) : IResourceAnnotation
{
    /// <summary>The referenced component.</summary>
    public DaprComponentResource Component { get; } = component;
}
