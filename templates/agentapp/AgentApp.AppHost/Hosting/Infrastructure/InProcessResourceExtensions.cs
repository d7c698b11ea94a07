using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Runs a resource that would otherwise be a container inside the AppHost process instead (Local infrastructure mode).
/// The resource keeps its type, endpoints, connection string and health checks, so everything that references it
/// works unchanged; only who starts it changes.
/// </summary>
public static class InProcessResourceExtensions
{
    /// <summary>
    /// Starts <paramref name="start"/> when the orchestrator initialises the resource, gives its endpoints loopback ports,
    /// raises the events DCP would raise for a container, reports state to the dashboard, and stops the server with the AppHost.
    /// </summary>
    /// <param name="builder">The resource, usually a container resource.</param>
    /// <param name="resourceType">What the dashboard shows as the resource type, e.g. "Redis (Garnet)".</param>
    /// <param name="start">Starts the server on the ports in the context; disposing the result stops it.</param>
    public static IResourceBuilder<T> RunInProcess<T>(this IResourceBuilder<T> builder, string resourceType,
        Func<InProcessStartContext, Task<IAsyncDisposable>> start) where T : IResourceWithEndpoints
    {
        var resource = builder.Resource;

        // Without an image DCP does not treat the resource as a container, so nothing tries to reach a container runtime.
        foreach (var image in resource.Annotations.OfType<ContainerImageAnnotation>().ToList())
        {
            resource.Annotations.Remove(image);
        }

        builder.WithInitialState(new CustomResourceSnapshot
        {
            ResourceType = resourceType,
            State = KnownResourceStates.NotStarted,
            Properties = [],
        });

        return builder.OnInitializeResource(async (_, @event, cancellationToken) =>
        {
            var services = @event.Services;
            var notifications = @event.Notifications;
            var logger = @event.Logger;
            await notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting });
            await @event.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, services), cancellationToken);

            IAsyncDisposable server;
            var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
            var ports = endpoints.ToDictionary(e => e.Name, e => e.Port ?? FreeLoopbackPort());
            try
            {
                server = await start(new InProcessStartContext(ports, logger, services, cancellationToken));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Resource} failed to start in-process", resource.Name);
                await notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart });
                return;
            }

            foreach (var endpoint in endpoints)
            {
                endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "127.0.0.1", ports[endpoint.Name]);
            }

            await @event.Eventing.PublishAsync(new ResourceEndpointsAllocatedEvent(resource, services), cancellationToken);
            if (resource is IResourceWithConnectionString)
            {
                await @event.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, services), cancellationToken);
            }

            var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
            lifetime.ApplicationStopping.Register(() =>
            {
                // Stopping must finish before the host exits, or ports stay bound until the process dies.
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                logger.LogInformation("{Resource} stopped", resource.Name);
            });

            await notifications.PublishUpdateAsync(resource, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Urls = [.. endpoints.Select(e => new UrlSnapshot(e.Name, $"{e.UriScheme}://127.0.0.1:{ports[e.Name]}", IsInternal: false))],
            });
        });
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What an in-process server needs to start: its ports, a logger that writes to the dashboard, services.</summary>
/// <param name="Ports">Loopback port per endpoint name.</param>
/// <param name="Logger">Writes to the resource's console log in the dashboard.</param>
/// <param name="Services">The AppHost's services.</param>
/// <param name="CancellationToken">Cancelled when start-up is abandoned.</param>
public sealed record InProcessStartContext(
    IReadOnlyDictionary<string, int> Ports, ILogger Logger, IServiceProvider Services, CancellationToken CancellationToken);
