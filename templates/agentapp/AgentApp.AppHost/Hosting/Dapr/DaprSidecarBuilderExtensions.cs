using AgentApp.Contracts;
using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>Gives applications a Dapr sidecar, in Aspire's idiom: <c>.WithDaprSidecar(s => s.WithReference(stateStore))</c>.</summary>
public static class DaprSidecarBuilderExtensions
{
    /// <summary>Adds a Dapr sidecar with default settings (app id = resource name).</summary>
    /// <typeparam name="T">The application resource type.</typeparam>
    /// <param name="app">The application (a project, executable, …) with an <c>http</c> endpoint daprd can call.</param>
    /// <param name="configure">Configures the sidecar, e.g. the components it loads.</param>
    public static IResourceBuilder<T> WithDaprSidecar<T>(this IResourceBuilder<T> app, Action<IResourceBuilder<DaprSidecarResource>>? configure = null)
        where T : IResourceWithEnvironment, IResourceWithEndpoints =>
        app.WithDaprSidecar(new DaprSidecarOptions(), configure);

    /// <summary>
    /// Adds the child resource <c>{app}-dapr</c>. Publish mode: a <c>dapr.v0</c> manifest entry. Run mode with daprd installed:
    /// a daprd process (<c>{app}-daprd</c>) plus a shared placement and scheduler, and <c>DAPR_*</c> variables on the app.
    /// Run mode without daprd: the sidecar shows as failed with the fix, and the app starts without Dapr.
    /// </summary>
    /// <typeparam name="T">The application resource type.</typeparam>
    /// <param name="app">The application (a project, executable, …) with an <c>http</c> endpoint daprd can call.</param>
    /// <param name="options">App id, log level, Configuration file.</param>
    /// <param name="configure">Configures the sidecar, e.g. the components it loads.</param>
    public static IResourceBuilder<T> WithDaprSidecar<T>(this IResourceBuilder<T> app, DaprSidecarOptions options, Action<IResourceBuilder<DaprSidecarResource>>? configure = null)
        where T : IResourceWithEnvironment, IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var builder = app.ApplicationBuilder;
        var resource = new DaprSidecarResource($"{app.Resource.Name}-dapr", app.Resource, options);
        if (builder.Resources.OfType<DaprSidecarResource>().Any(s => ReferenceEquals(s.Application, app.Resource)))
        {
            throw new DistributedApplicationException($"'{app.Resource.Name}' already has a Dapr sidecar.");
        }

        var sidecar = builder.AddResource(resource)
            .WithAnnotation(new DaprActorStateStoreSourceAnnotation(() => builder.Resources.OfType<DaprComponentResource>()))
            .WithParentRelationship(app.Resource)
            .WithManifestPublishingCallback(context => DaprManifest.WriteSidecar(context, resource));
        configure?.Invoke(sidecar);

        if (!builder.ExecutionContext.IsRunMode)
        {
            return app;
        }

        var host = DaprHost.Get(builder);
        if (!host.Installation.IsAvailable)
        {
            // No daprd process, no DAPR_* variables and no WaitFor: the rest of the app must still start.
            // The fix goes into the first sidecar's log only: every sidecar shows it as a property, one log line says it.
            var first = builder.Resources.OfType<DaprSidecarResource>().First() == resource;
            sidecar.WithMissingDaprdState(host.Installation.Problem!, logProblem: first);
            return app;
        }

        var daprd = DaprdExecutable.Add(builder, host, resource);
        sidecar.WithDaprdState(daprd.Resource);
        DaprdExecutable.AddDaprEnvironment(app, daprd.Resource);
        return app;
    }

    /// <summary>The app registers actor types; its sidecar loads the actor state store.</summary>
    /// <param name="sidecar">The sidecar.</param>
    public static IResourceBuilder<DaprSidecarResource> WithActors(this IResourceBuilder<DaprSidecarResource> sidecar) =>
        sidecar.WithRoles(DaprAppRoles.HostsActors);

    /// <summary>
    /// The app registers workflows and schedules them: the instance runs where it was scheduled, so the app that
    /// registers a workflow is the one that starts it. Its sidecar loads the actor state store.
    /// </summary>
    /// <param name="sidecar">The sidecar.</param>
    public static IResourceBuilder<DaprSidecarResource> WithWorkflows(this IResourceBuilder<DaprSidecarResource> sidecar) =>
        sidecar.WithRoles(DaprAppRoles.RegistersWorkflows | DaprAppRoles.SchedulesWorkflows);

    /// <summary>
    /// The app uses the workflow client (schedules, raises events, queries) without registering the workflows.
    /// Declared so the actor state store reaches its sidecar; deployment generators report it, because on Dapr such an
    /// app's instances run in its own sidecar, where no workflow is registered.
    /// </summary>
    /// <param name="sidecar">The sidecar.</param>
    public static IResourceBuilder<DaprSidecarResource> WithWorkflowClient(this IResourceBuilder<DaprSidecarResource> sidecar) =>
        sidecar.WithRoles(DaprAppRoles.SchedulesWorkflows);

    private static IResourceBuilder<DaprSidecarResource> WithRoles(this IResourceBuilder<DaprSidecarResource> sidecar, DaprAppRoles roles)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        return sidecar.WithAnnotation(new DaprAppRoleAnnotation(roles), ResourceAnnotationMutationBehavior.Append);
    }

    /// <summary>Loads a component in this sidecar; it is listed in the sidecar's manifest <c>components</c>.</summary>
    /// <param name="sidecar">The sidecar.</param>
    /// <param name="component">The component, e.g. from <c>AddDaprStateStore</c>.</param>
    public static IResourceBuilder<DaprSidecarResource> WithReference(this IResourceBuilder<DaprSidecarResource> sidecar, IResourceBuilder<DaprComponentResource> component)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        ArgumentNullException.ThrowIfNull(component);
        if (sidecar.Resource.Components.Contains(component.Resource))
        {
            return sidecar;
        }

        return sidecar
            .WithAnnotation(new DaprComponentReferenceAnnotation(component.Resource))
            .WithReferenceRelationship(component.Resource);
    }
}
