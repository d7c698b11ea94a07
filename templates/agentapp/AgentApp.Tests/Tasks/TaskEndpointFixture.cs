using AgentApp.Api.Tasks;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Testing;
using Dapr.Actors.Client;
using Dapr.Actors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// The api (queue and workflow engine recorded, not Kafka or daprd) → fake sidecar → actors app: task endpoints over the
/// real actor protocol. Tests move tasks along as a worker would, through <see cref="Actor"/> (the same sidecar).
/// </summary>
public sealed class TaskEndpointFixture : IAsyncLifetime
{
    private TaskActorsBackend? _backend;
    private ApiFactory? _api;

    /// <summary>What the api enqueued.</summary>
    public RecordingTaskQueue Queue { get; } = new();

    /// <summary>The approval decisions the api handed to the workflow engine.</summary>
    public RecordingTaskApprovals Approvals { get; } = new();

    /// <summary>The api's log lines (audit included).</summary>
    public LogLines Logs { get; } = new();

    /// <summary>The api, with task tracking on.</summary>
    public ApiFactory Api => _api ?? throw new InvalidOperationException("not started");

    /// <summary>The fake daprd.</summary>
    public FakeDaprSidecar Sidecar => (_backend ?? throw new InvalidOperationException("not started")).Sidecar;

    /// <summary>Task <paramref name="id"/>'s actor, through the fake sidecar, as a worker calls it.</summary>
    public ITaskActor Actor(string id) => (_backend ?? throw new InvalidOperationException("not started")).Actor(id);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _backend = await TaskActorsBackend.StartAsync();
        _api = new ApiFactory
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<ITaskQueue>(Queue);
                services.AddSingleton<ITaskApprovalWorkflows>(Approvals);
                services.AddSingleton<ILoggerProvider>(Logs);
            },
        };
        _api.Settings["DAPR_HTTP_ENDPOINT"] = _backend.Sidecar.Endpoint;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_api, _backend);
    }
}
