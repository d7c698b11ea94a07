extern alias api;
using AgentApp.Tests.Agent;
using AgentApp.Tests.Api;
using AgentApp.Tests.Contract;
using AgentApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using ITaskQueue = api::AgentApp.Api.Tasks.ITaskQueue;

namespace AgentApp.Tests.Tasks;

/// <summary>The api (queue recorded, not Kafka) → fake sidecar → actors app: task endpoints over the real actor protocol.</summary>
public sealed class TaskEndpointFixture : IAsyncLifetime
{
    private FakeDaprSidecar? _sidecar;
    private ActorsFactory? _actors;
    private ApiFactory? _api;

    /// <summary>What the api enqueued.</summary>
    public RecordingTaskQueue Queue { get; } = new();

    /// <summary>The api, with task tracking on.</summary>
    public ApiFactory Api => _api ?? throw new InvalidOperationException("not started");

    /// <summary>The fake daprd.</summary>
    public FakeDaprSidecar Sidecar => _sidecar ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _sidecar = await FakeDaprSidecar.StartAsync();
        _actors = new ActorsFactory(_sidecar.Endpoint, new ManualClock());
        _sidecar.ConnectApp(_actors.CreateClient());
        _api = new ApiFactory { ConfigureServices = services => services.AddSingleton<ITaskQueue>(Queue) };
        _api.Settings["DAPR_HTTP_ENDPOINT"] = _sidecar.Endpoint;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_api, _actors, _sidecar);
    }
}
