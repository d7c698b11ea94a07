using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Hosting;

/// <summary>
/// Owns the AppHost's in-process servers: starts them when asked and stops them after every other hosted service has
/// stopped, so the services DCP runs never see their Redis or Kafka vanish while they are still shutting down.
/// </summary>
internal sealed class InProcessServerHost(ResourceNotificationService notifications) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (IResource Resource, IInProcessServer Server)> _servers = new(StringComparer.Ordinal);

    /// <summary>Starts the server of <paramref name="resource"/>; one per resource.</summary>
    public async Task<IInProcessServer> StartAsync(IResource resource, Func<Task<IInProcessServer>> start)
    {
        var server = await start();
        if (!_servers.TryAdd(resource.Name, (resource, server)))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"An in-process server for '{resource.Name}' is already running.");
        }

        return server;
    }

    /// <summary>The running server of <paramref name="resource"/>, if any.</summary>
    public IInProcessServer? Find(IResource resource) => _servers.TryGetValue(resource.Name, out var entry) ? entry.Server : null;

    /// <inheritdoc/>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var name in _servers.Keys)
        {
            if (_servers.TryRemove(name, out var entry))
            {
                await entry.Server.DisposeAsync();
                await notifications.PublishUpdateAsync(entry.Resource, s => s with
                {
                    State = KnownResourceStates.Finished,
                    StopTimeStamp = DateTime.UtcNow,
                    Urls = [.. s.Urls.Select(u => u with { IsInactive = true })],
                });
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // The host failed before StoppedAsync (or never started): still free the ports and threads.
        foreach (var name in _servers.Keys)
        {
            if (_servers.TryRemove(name, out var entry))
            {
                await entry.Server.DisposeAsync();
            }
        }
    }

    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
