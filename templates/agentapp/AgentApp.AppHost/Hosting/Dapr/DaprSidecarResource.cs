namespace AgentApp.Hosting;

/// <summary>
/// The Dapr sidecar of one application: the <c>dapr.v0</c> entry of the manifest, and in run mode the dashboard row that
/// reports whether daprd runs. The process itself is a separate <see cref="DaprdResource"/>, because daprd may be missing.
/// </summary>
/// <param name="name">The resource name, <c>{application}-dapr</c>.</param>
/// <param name="application">The application the sidecar serves.</param>
/// <param name="options">The sidecar settings.</param>
public sealed class DaprSidecarResource(string name, IResourceWithEndpoints application, DaprSidecarOptions options) : Resource(name)
{
    /// <summary>The application the sidecar serves.</summary>
    public IResourceWithEndpoints Application { get; } = application;

    /// <summary>The sidecar settings.</summary>
    public DaprSidecarOptions Options { get; } = options;

    /// <summary>The Dapr app id: <see cref="DaprSidecarOptions.AppId"/>, else the application's name.</summary>
    public string AppId => Options.AppId ?? Application.Name;

    /// <summary>The components this sidecar loads, in the order they were referenced.</summary>
    public IEnumerable<DaprComponentResource> Components =>
        Annotations.OfType<DaprComponentReferenceAnnotation>().Select(a => a.Component).Distinct();
}
