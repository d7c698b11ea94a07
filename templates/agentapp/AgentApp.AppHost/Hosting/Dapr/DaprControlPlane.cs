using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>
/// Placement (actor distribution) and scheduler (reminders, workflows) as executables, one of each per AppHost. Every
/// port is allocated by Aspire: the defaults (50005, 50006, 8080, 9090, 8201, 2379, 2380) collide with other AppHosts.
/// </summary>
internal sealed class DaprControlPlane
{
    public const string PlacementName = "dapr-placement";
    public const string SchedulerName = "dapr-scheduler";

    private DaprControlPlane(DaprRunDirectory run, IResourceBuilder<ExecutableResource> placement, IResourceBuilder<ExecutableResource> scheduler)
    {
        Run = run;
        Placement = placement;
        Scheduler = scheduler;
    }

    public DaprRunDirectory Run { get; }

    public IResourceBuilder<ExecutableResource> Placement { get; }

    public IResourceBuilder<ExecutableResource> Scheduler { get; }

    /// <summary>The address daprd dials (<c>--placement-host-address</c> / <c>--scheduler-host-address</c>).</summary>
    public static EndpointReferenceExpression Address(IResourceBuilder<ExecutableResource> service) =>
        service.GetEndpoint("grpc").Property(EndpointProperty.HostAndPort);

    public static DaprControlPlane Add(IDistributedApplicationBuilder builder, DaprInstallation installation, DaprRunDirectory run)
    {
        var placement = AddService(builder, PlacementName, installation.PlacementPath!, "raft");
        placement.WithArgs(
            "--port", Port(placement, "grpc"),
            "--healthz-port", Port(placement, "healthz"),
            "--metrics-port", Port(placement, "metrics"),
            "--initial-cluster", ReferenceExpression.Create($"dapr-placement-0=127.0.0.1:{Port(placement, "raft")}"));

        var scheduler = AddService(builder, SchedulerName, installation.SchedulerPath!, "etcd-client", "etcd-peer");
        scheduler.WithArgs(
            "--port", Port(scheduler, "grpc"),
            "--healthz-port", Port(scheduler, "healthz"),
            "--metrics-port", Port(scheduler, "metrics"),
            "--etcd-data-dir", new DaprRunPath(run, "scheduler"),
            "--etcd-client-port", Port(scheduler, "etcd-client"),
            "--etcd-initial-cluster", ReferenceExpression.Create($"dapr-scheduler-server-0=http://127.0.0.1:{Port(scheduler, "etcd-peer")}"),
            // What the scheduler tells daprd to dial back; the CLI sets it the same way in standalone mode.
            "--override-broadcast-host-port", ReferenceExpression.Create($"127.0.0.1:{Port(scheduler, "grpc")}"));

        return new DaprControlPlane(run, placement, scheduler);
    }

    private static IResourceBuilder<ExecutableResource> AddService(IDistributedApplicationBuilder builder, string name, string command, params string[] internalEndpoints)
    {
        // Not proxied: daprd and the control plane dial each other directly, as they do in a cluster.
        var service = builder.AddExecutable(name, command, builder.AppHostDirectory)
            .WithEndpoint(name: "grpc", scheme: "tcp", isProxied: false)
            .WithEndpoint(name: "healthz", scheme: "http", isProxied: false)
            .WithEndpoint(name: "metrics", scheme: "http", isProxied: false)
            .WithHttpHealthCheck("/healthz", endpointName: "healthz")
            .ExcludeFromManifest();
        foreach (var endpoint in internalEndpoints)
        {
            service.WithEndpoint(name: endpoint, scheme: "tcp", isProxied: false);
        }

        return service;
    }

    private static EndpointReferenceExpression Port(IResourceBuilder<ExecutableResource> service, string endpoint) =>
        service.GetEndpoint(endpoint).Property(EndpointProperty.Port);
}
