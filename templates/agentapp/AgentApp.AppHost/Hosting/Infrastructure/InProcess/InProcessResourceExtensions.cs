using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>
/// Runs a resource that is a container everywhere else inside the AppHost process instead (Local infrastructure mode).
/// The resource keeps its type, endpoints, connection string and health checks, so everything that references it
/// works unchanged; only who starts it changes.
/// </summary>
public static class InProcessResourceExtensions
{
    /// <summary>The address in-process servers listen on.</summary>
    public const string LoopbackHost = "127.0.0.1";

    /// <summary>
    /// In run mode, replaces the resource's container with <paramref name="start"/>: started on BeforeStart (before DCP
    /// plans its services, which must see the real port), announced with the events and states DCP would publish for a
    /// container, and stopped after every service has stopped. Publish mode is unaffected: the manifest still describes
    /// the container. The image annotation is removed, so container-only calls belong behind a check of
    /// <see cref="InfrastructureModeExtensions.GetInfrastructureMode"/>.
    /// </summary>
    /// <param name="builder">The resource, usually a container resource.</param>
    /// <param name="resourceType">What the dashboard shows as the resource type, e.g. "Redis (Garnet)".</param>
    /// <param name="start">Starts the server; on <see cref="InProcessStartContext.FixedPort"/> when given.</param>
    /// <param name="describe">Dashboard properties and log lines for the running server.</param>
    public static IResourceBuilder<T> RunInProcess<T>(this IResourceBuilder<T> builder, string resourceType,
        Func<InProcessStartContext, Task<IInProcessServer>> start,
        Func<IInProcessServer, ILogger, IEnumerable<ResourcePropertySnapshot>> describe) where T : IResourceWithEndpoints
    {
        var app = builder.ApplicationBuilder;
        var resource = builder.Resource;
        if (app.ExecutionContext.IsPublishMode || resource.HasAnnotationOfType<InProcessAnnotation>())
        {
            return builder;
        }

        RemoveContainerImage(resource);
        app.Services.TryAddSingleton<InProcessServerHost>();
        app.Services.AddHostedService(sp => sp.GetRequiredService<InProcessServerHost>());
        app.Eventing.Subscribe<BeforeStartEvent>((e, ct) => StartServerAsync(resource, start, e.Services, ct));

        return builder
            .WithAnnotation(new InProcessAnnotation())
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = resourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .OnInitializeResource((r, e, ct) => ReportRunningAsync(r, describe, e, ct));
    }

    private static async Task StartServerAsync(IResourceWithEndpoints resource, Func<InProcessStartContext, Task<IInProcessServer>> start,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        RemoveContainerImage(resource); // in case a later call (WithImage…) put one back: DCP must not start a container
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();

        // Like DCP with a container's fixed host port: honoured, except under the test builder's RandomizePorts.
        var randomizePorts = services.GetRequiredService<IConfiguration>().GetValue<bool>("DcpPublisher:RandomizePorts");
        var fixedPort = randomizePorts ? null : endpoints.FirstOrDefault()?.Port;
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);

        IInProcessServer server;
        try
        {
            server = await services.GetRequiredService<InProcessServerHost>().StartAsync(resource,
                () => start(new InProcessStartContext(resource, fixedPort, logger, services, cancellationToken)));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new DistributedApplicationException(
                $"'{resource.Name}' cannot listen on {LoopbackHost}:{fixedPort}: {e.Message}. Free the port or choose another.", e);
        }

        foreach (var endpoint in endpoints)
        {
            // DCP must not proxy a port the server already holds, and requires Port == TargetPort without a proxy.
            endpoint.IsProxied = false;
            endpoint.TargetHost = LoopbackHost;
            endpoint.Port = server.Port;
            endpoint.TargetPort = server.Port;
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, LoopbackHost, server.Port);
        }
    }

    // Mirrors what DCP does for a container: BeforeResourceStarted, Starting, endpoints, connection string, Running.
    private static async Task ReportRunningAsync<T>(T resource, Func<IInProcessServer, ILogger, IEnumerable<ResourcePropertySnapshot>> describe,
        InitializeResourceEvent e, CancellationToken cancellationToken) where T : IResource
    {
        try
        {
            var server = e.Services.GetRequiredService<InProcessServerHost>().Find(resource)
                ?? throw new InvalidOperationException($"The in-process server for '{resource.Name}' was not started.");

            await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, e.Services), cancellationToken);
            await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting });
            var properties = describe(server, e.Logger).ToArray();

            await e.Eventing.PublishAsync(new ResourceEndpointsAllocatedEvent(resource, e.Services), cancellationToken);
            if (resource is IResourceWithConnectionString)
            {
                // Before Running: health checks start on Running and need the connection string.
                await e.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, e.Services), cancellationToken);
            }

            await e.Notifications.PublishUpdateAsync(resource, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                StartTimeStamp = server.StartedAt,
                Urls = [.. s.Urls.Select(u => u with { IsInactive = false })], // DCP activates a container's URLs; we are not DCP
                Properties = With(s.Properties, properties),
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            e.Logger.LogError(ex, "'{ResourceName}' failed to start in-process.", resource.Name);
            await e.Notifications.PublishUpdateAsync(resource, s => s with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
            });
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> With(ImmutableArray<ResourcePropertySnapshot> properties,
        ResourcePropertySnapshot[] updates) =>
        [.. properties.Where(p => updates.All(u => u.Name != p.Name)), .. updates];

    private static void RemoveContainerImage(IResource resource)
    {
        foreach (var image in resource.Annotations.OfType<ContainerImageAnnotation>().ToList())
        {
            resource.Annotations.Remove(image);
        }
    }
}

/// <summary>Marks a resource that runs inside the AppHost process instead of in a container.</summary>
public sealed class InProcessAnnotation : IResourceAnnotation;
