using AgentApp.Tests.Api;
using AgentApp.Tests.Contract;
using AgentApp.Testing;
using AgentApp.Tests.Support;
using AgentApp.Tests.Worker;
using AgentApp.Workflows.InMemory;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.DurableAgent;

/// <summary>
/// api → mock Kafka → worker running tasks as workflows (<c>Tasks:Runner=Workflow</c>) on a real workflow engine (in
/// memory) → fake sidecar → actors app. The worker is the engine's only workflow app, as it is the only app that
/// registers the task workflows; the api hands approval decisions to it by service invocation through the sidecar, and has
/// no workflow engine of its own.
/// </summary>
public sealed class DurableTaskFixture : IAsyncLifetime
{
    private InMemoryWorkflowEngine? _engine;
    private FakeDaprSidecar? _sidecar;
    private ActorsFactory? _actors;
    private ApiFactory? _api;
    private WorkerFactory? _worker;

    /// <summary>The Redis of the tenants' token budgets, which the worker debits.</summary>
    public AgentApp.Tests.Gateway.Redis.GarnetServerHost Budgets { get; } = new();

    /// <summary>The broker.</summary>
    public KafkaMock Kafka { get; } = new(("agent-tasks", 3), ("agent-events", 3), ("agent-tasks-dlq", 1));

    /// <summary>The engine.</summary>
    public InMemoryWorkflowEngine Engine => _engine ?? throw new InvalidOperationException("not started");

    /// <summary>The worker, hosting the task workflows.</summary>
    public WorkerFactory Worker => _worker ?? throw new InvalidOperationException("not started");

    /// <summary>The api.</summary>
    public ApiFactory Api => _api ?? throw new InvalidOperationException("not started");

    /// <summary>The fake daprd.</summary>
    public FakeDaprSidecar Sidecar => _sidecar ?? throw new InvalidOperationException("not started");

    /// <summary>Task <paramref name="taskId"/>'s workflow once it has ended.</summary>
    public async Task<WorkflowState> CompletedAsync(string taskId, CancellationToken cancellationToken) =>
        await Worker.Services.GetRequiredService<DaprWorkflowClient>().WaitForWorkflowCompletionAsync(taskId, true, cancellationToken);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _engine = await InMemoryWorkflowEngine.StartAsync();
        _sidecar = await FakeDaprSidecar.StartAsync();
        _actors = new ActorsFactory(_sidecar.Endpoint, TimeProvider.System);
        _sidecar.ConnectApp(_actors.CreateClient());
        _api = new ApiFactory();
        _api.Settings["DAPR_HTTP_ENDPOINT"] = _sidecar.Endpoint;
        _api.Settings["Dapr:WorkflowAppId"] = "worker";
        _api.Settings["ConnectionStrings:kafka"] = Kafka.BootstrapServers;
        _api.Settings["ConversationMemory:ActorCallTimeout"] = "00:01:00";
        _worker = new WorkerFactory(Kafka.BootstrapServers, _sidecar.Endpoint, _engine.Endpoint);
        _worker.Settings["Tasks:Runner"] = "Workflow";
        _worker.Settings["ConnectionStrings:cache"] = Budgets.ConnectionString;
        _sidecar.ConnectInvocationTarget("worker", _worker.CreateClient());
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_worker, _api, _actors, _sidecar, _engine);
        Kafka.Dispose();
        Budgets.Dispose();
    }
}
