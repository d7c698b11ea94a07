using AgentApp.Contracts;

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

    /// <summary>What the application does with actors and workflows (<see cref="DaprAppRoles.None"/> unless declared).</summary>
    public DaprAppRoles Roles => Annotations.OfType<DaprAppRoleAnnotation>().Aggregate(DaprAppRoles.None, (all, a) => all | a.Roles);

    /// <summary>
    /// The components this sidecar loads, in the order they were referenced; an app that hosts actors or takes part in
    /// workflows also loads the actor state store, which Dapr needs for both.
    /// </summary>
    public IEnumerable<DaprComponentResource> Components =>
        Annotations.OfType<DaprComponentReferenceAnnotation>().Select(a => a.Component)
            .Concat(Roles == DaprAppRoles.None ? [] : ActorStateStores)
            .Distinct();

    private IEnumerable<DaprComponentResource> ActorStateStores =>
        Annotations.OfType<DaprActorStateStoreSourceAnnotation>().SelectMany(a => a.Stores()).Where(c => c.IsActorStateStore);
}
