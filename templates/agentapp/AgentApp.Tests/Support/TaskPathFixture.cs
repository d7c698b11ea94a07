using AgentApp.Testing;
using AgentApp.Workflows.InMemory;

namespace AgentApp.Tests.Support;

/// <summary>
/// The whole task path in one process: api (real Kafka producer) → mock Kafka (TCP) → worker (consumer group, each task a
/// workflow on a real engine, in memory) → fake sidecar → actors app. The worker is the engine's only workflow app, as it
/// is the only app that registers the task workflows; the api and the actors reach it by service invocation through the
/// sidecar. Derived fixtures say how the services are set up; disposing stops the worker first (it leaves its group),
/// then the rest.
/// </summary>
public abstract class TaskPathFixture(int taskPartitions) : IAsyncLifetime
{
    /// <summary>The app id of the workflows' host.</summary>
    public const string WorkflowAppId = "worker";

    private InMemoryWorkflowEngine? _engine;
    private FakeDaprSidecar? _sidecar;
    private ActorsFactory? _actors;
    private ApiFactory? _api;
    private WorkerFactory? _worker;

    /// <summary>The broker.</summary>
    public KafkaMock Kafka { get; } = new(("agent-tasks", taskPartitions), ("agent-events", 3), ("agent-tasks-dlq", 1));

    /// <summary>The workflow engine.</summary>
    public InMemoryWorkflowEngine Engine => _engine ?? throw new InvalidOperationException("not started");

    /// <summary>The fake daprd.</summary>
    public FakeDaprSidecar Sidecar => _sidecar ?? throw new InvalidOperationException("not started");

    /// <summary>The actors app, reaching the worker's workflows by service invocation.</summary>
    public ActorsFactory Actors => _actors ?? throw new InvalidOperationException("not started");

    /// <summary>The api, producing to <see cref="Kafka"/>.</summary>
    public ApiFactory Api => _api ?? throw new InvalidOperationException("not started");

    /// <summary>The worker, consuming from <see cref="Kafka"/> and hosting the task workflows.</summary>
    public WorkerFactory Worker => _worker ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _engine = await InMemoryWorkflowEngine.StartAsync();
        _sidecar = await FakeDaprSidecar.StartAsync();
        _actors = new ActorsFactory(_sidecar.Endpoint, TimeProvider.System);
        _actors.Settings["Dapr:WorkflowAppId"] = WorkflowAppId;
        _sidecar.ConnectApp(_actors.CreateClient());
        _api = CreateApi();
        _api.Settings["DAPR_HTTP_ENDPOINT"] = _sidecar.Endpoint;
        _api.Settings["Dapr:WorkflowAppId"] = WorkflowAppId;
        _api.Settings["ConnectionStrings:kafka"] = Kafka.BootstrapServers;
        _api.Settings["DaprSidecar:ActorCallTimeout"] = "00:01:00";
        // A loaded machine can miss the 1.5 s health probe, and a "down" verdict would refuse the next requests.
        _api.Settings["DaprSidecar:ProbeTimeout"] = "00:00:10";
        _worker = CreateWorker(Kafka.BootstrapServers, _sidecar.Endpoint, _engine.Endpoint);
        Configure();
        _sidecar.ConnectInvocationTarget(WorkflowAppId, _worker.CreateClient()); // starts the host, and with it the consumer
    }

    /// <summary>The api, before the shared settings are added.</summary>
    protected virtual ApiFactory CreateApi() => new();

    /// <summary>The worker on <paramref name="bootstrapServers"/>, the sidecar and the engine.</summary>
    protected virtual WorkerFactory CreateWorker(string bootstrapServers, string sidecarEndpoint, string workflowEngine) =>
        new(bootstrapServers, sidecarEndpoint, workflowEngine);

    /// <summary>Settings of the api and the worker before the worker starts (the actors app is already connected).</summary>
    protected abstract void Configure();

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_worker, _api, _actors, _sidecar, _engine);
        Kafka.Dispose();
    }
}
