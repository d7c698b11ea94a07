using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>
/// Who hosts Dapr workflows and who reaches them. On Dapr a workflow runs in the app whose sidecar scheduled it: its
/// instances live in that app id's internal workflow actors, kept in the actor state store, and only that app receives its
/// work items. So exactly the app that registers workflows schedules them, through its own sidecar; other apps reach them
/// by service invocation of that app. These annotations say so in the app model, for whatever turns it into a deployment
/// (e.g. to scope the actor state store to the workflow host). See
/// https://docs.dapr.io/developing-applications/building-blocks/workflow/workflow-architecture/.
/// </summary>
public static class DaprWorkflowBuilderExtensions
{
    /// <summary>The setting that tells an app which app id hosts the workflows it reaches.</summary>
    public const string WorkflowAppIdVariable = "Dapr__WorkflowAppId";

    /// <summary>Marks this sidecar's app as the host of its workflows: it registers them and schedules them through this sidecar.</summary>
    public static IResourceBuilder<DaprSidecarResource> HostsWorkflows(this IResourceBuilder<DaprSidecarResource> sidecar) =>
        sidecar.WithWorkflows().WithAnnotation(new DaprWorkflowHostAnnotation(), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>
    /// Lets <paramref name="app"/> reach the workflows <paramref name="host"/> hosts, by Dapr service invocation of the
    /// host's app id (given to the app as <c>Dapr__WorkflowAppId</c>), never through its own sidecar's workflow engine.
    /// </summary>
    public static IResourceBuilder<T> WithDaprWorkflowsOf<T>(this IResourceBuilder<T> app, IResourceBuilder<IResource> host)
        where T : IResourceWithEnvironment
    {
        var sidecar = app.ApplicationBuilder.Resources.OfType<DaprSidecarResource>()
            .SingleOrDefault(s => ReferenceEquals(s.Application, host.Resource) && s.Annotations.OfType<DaprWorkflowHostAnnotation>().Any())
            ?? throw new DistributedApplicationException(
                $"'{host.Resource.Name}' hosts no Dapr workflows: give it .WithDaprSidecar(dapr => dapr.HostsWorkflows()) first.");
        return app.WithAnnotation(new DaprWorkflowClientAnnotation(sidecar))
            .WithEnvironment(WorkflowAppIdVariable, sidecar.AppId);
    }
}

/// <summary>On a <see cref="DaprSidecarResource"/>: its app registers Dapr workflows and is the only app that schedules them.</summary>
public sealed class DaprWorkflowHostAnnotation : IResourceAnnotation;

/// <summary>On an app: it reaches the workflows of <see cref="Host"/>'s app by service invocation.</summary>
/// <param name="host">The sidecar of the app that hosts the workflows.</param>
public sealed class DaprWorkflowClientAnnotation(DaprSidecarResource host) : IResourceAnnotation
{
    /// <summary>The sidecar of the app that hosts the workflows.</summary>
    public DaprSidecarResource Host { get; } = host;
}
