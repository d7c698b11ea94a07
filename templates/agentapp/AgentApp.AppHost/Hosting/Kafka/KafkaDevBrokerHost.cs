using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Kafka;

/// <summary>
/// Owns the AppHost's dev brokers: starts them when asked and stops them after every other hosted service has stopped,
/// so the services DCP runs never see their broker vanish while they are still shutting down.
/// </summary>
internal sealed class KafkaDevBrokerHost(ResourceNotificationService notifications) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (KafkaServerResource Resource, KafkaDevBroker Broker)> _brokers = new(StringComparer.Ordinal);

    /// <summary>Starts the broker for <paramref name="kafka"/>; one per resource.</summary>
    public async Task<KafkaDevBroker> StartAsync(KafkaServerResource kafka, int? fixedPort, ILogger logger, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var topics = kafka.Annotations.OfType<KafkaTopicAnnotation>().Select(a => a.Topic);
        var broker = await KafkaDevBroker.StartAsync(fixedPort, topics, logger, timeout, cancellationToken);
        if (!_brokers.TryAdd(kafka.Name, (kafka, broker)))
        {
            await broker.DisposeAsync();
            throw new InvalidOperationException($"A dev broker for '{kafka.Name}' is already running.");
        }

        return broker;
    }

    /// <summary>The running broker of <paramref name="kafka"/>, if any.</summary>
    public KafkaDevBroker? Find(KafkaServerResource kafka) => _brokers.TryGetValue(kafka.Name, out var entry) ? entry.Broker : null;

    /// <inheritdoc/>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var name in _brokers.Keys)
        {
            if (_brokers.TryRemove(name, out var entry))
            {
                await entry.Broker.DisposeAsync();
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
        // The host failed before StoppedAsync (or never started): still free the ports and the mock threads.
        foreach (var name in _brokers.Keys)
        {
            if (_brokers.TryRemove(name, out var entry))
            {
                await entry.Broker.DisposeAsync();
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
