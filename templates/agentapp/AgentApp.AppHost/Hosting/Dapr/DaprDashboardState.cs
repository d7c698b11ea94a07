using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>
/// What the dashboard shows for Dapr resources that are not processes: sidecars report daprd's state, or why it
/// cannot run; components report their type. Nothing here runs in publish mode.
/// </summary>
internal static class DaprDashboardState
{
    public const string SidecarResourceType = "DaprSidecar";
    public const string ComponentResourceType = "DaprComponent";

    /// <summary>daprd is missing: the sidecar fails to start, with the fix as a property and in its log.</summary>
    public static IResourceBuilder<DaprSidecarResource> WithMissingDaprdState(this IResourceBuilder<DaprSidecarResource> sidecar, string problem) =>
        sidecar
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = SidecarResourceType,
                State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
                Properties = [new("dapr.appId", sidecar.Resource.AppId), new("dapr.error", problem)],
            })
            .OnInitializeResource(async (resource, e, _) =>
            {
                e.Logger.LogError("{Problem}", problem);
                await e.Notifications.PublishUpdateAsync(resource, s => s with { Properties = WithComponents(s.Properties, resource) }).ConfigureAwait(false);
            });

    /// <summary>daprd runs: the sidecar mirrors the state of its daprd process for as long as the AppHost runs.</summary>
    public static IResourceBuilder<DaprSidecarResource> WithDaprdState(this IResourceBuilder<DaprSidecarResource> sidecar, DaprdResource daprd) =>
        sidecar
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = SidecarResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [new("dapr.appId", sidecar.Resource.AppId), new("dapr.daprd", daprd.Command)],
            })
            .OnInitializeResource((resource, e, _) => MirrorAsync(resource, daprd, e));

    /// <summary>Components show their type and metadata names (values can be secrets).</summary>
    public static IResourceBuilder<DaprComponentResource> WithDashboardState(this IResourceBuilder<DaprComponentResource> component)
    {
        if (!component.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return component;
        }

        return component
            .WithInitialState(new CustomResourceSnapshot { ResourceType = ComponentResourceType, State = KnownResourceStates.NotStarted, Properties = [] })
            .OnInitializeResource((resource, e, _) =>
            {
                // Read at start: the type and metadata may change after AddDaprComponent (WithRedis, AsActorStateStore).
                var used = DaprHost.Get(component.ApplicationBuilder).Installation.IsAvailable;
                return e.Notifications.PublishUpdateAsync(resource, s => s with
                {
                    State = used ? KnownResourceStates.Active : KnownResourceStates.NotStarted,
                    Properties = s.Properties
                        .With("dapr.type", resource.Type)
                        .With("dapr.version", resource.Version)
                        .With("dapr.metadata", string.Join(", ", resource.Metadata.Select(m => m.Name))),
                });
            });
    }

    private static async Task MirrorAsync(DaprSidecarResource sidecar, DaprdResource daprd, InitializeResourceEvent e)
    {
        await e.Notifications.PublishUpdateAsync(sidecar, s => s with { Properties = WithComponents(s.Properties, sidecar) }).ConfigureAwait(false);
        var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await foreach (var update in e.Notifications.WatchAsync(stopping).ConfigureAwait(false))
            {
                // daprd's first snapshots have no state yet; keep showing NotStarted until it has one.
                if (update.Resource != daprd || string.IsNullOrEmpty(update.Snapshot.State?.Text))
                {
                    continue;
                }

                var state = update.Snapshot;
                await e.Notifications.PublishUpdateAsync(sidecar, s => s with
                {
                    State = state.State,
                    StartTimeStamp = state.StartTimeStamp,
                    StopTimeStamp = state.StopTimeStamp,
                    ExitCode = state.ExitCode,
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> WithComponents(ImmutableArray<ResourcePropertySnapshot> properties, DaprSidecarResource sidecar) =>
        properties.With("dapr.components", string.Join(", ", sidecar.Components.Select(c => c.Name)));

    private static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, string name, string value) =>
        [.. properties.Where(p => p.Name != name), new(name, value)];
}
