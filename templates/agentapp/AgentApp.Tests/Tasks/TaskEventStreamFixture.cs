using AgentApp.Contracts;
using AgentApp.Messaging;
using Dapr.Actors;
using Dapr.Actors.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// The api on Kestrel (real HTTP, so streaming, flushing and disconnects are the server's own) → fake sidecar → actors
/// app, with fast stream polling and heartbeats. Tests change task state through <see cref="Actor"/>, as a worker does.
/// </summary>
public sealed class TaskEventStreamFixture : IAsyncLifetime
{
    private TaskActorsBackend? _backend;
    private ApiFactory? _api;

    /// <summary>The api's log lines.</summary>
    public LogLines Logs { get; } = new();

    /// <summary>The api's address on loopback.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>A client of the api over real HTTP, as tenant <paramref name="tenant"/> when given.</summary>
    public HttpClient CreateClient(string? tenant = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = Timeout.InfiniteTimeSpan };
        if (tenant is not null)
        {
            client.DefaultRequestHeaders.Add("X-Identity-Tenant", tenant);
        }

        return client;
    }

    /// <summary>Task <paramref name="id"/>'s actor, through the fake sidecar.</summary>
    public ITaskActor Actor(string id) => (_backend ?? throw new InvalidOperationException("not started")).Actor(id);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _backend = await TaskActorsBackend.StartAsync();
        (_api, Address) = _backend.StartStreamingApi(services =>
        {
            services.AddSingleton<ITaskQueue>(new RecordingTaskQueue());
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_api, _backend);
    }
}
