using AgentApp.Testing;
using AgentApp.Tests.Api;
using AgentApp.Tests.Contract;
using AgentApp.Tests.Gateway;
using AgentApp.Tests.Support;
using AgentApp.Tests.Telemetry;
using AgentApp.Tests.Worker;
using AgentApp.Workflows.InMemory;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AgentApp.Tests.MultiAgent;

/// <summary>
/// The api on Kestrel (behind a real gateway each test starts) → mock Kafka → the worker hosting the task workflows on a
/// real workflow engine (in memory) → fake sidecar → actors app; the model is the offline one. The api and the worker
/// export their spans to sinks, so a test can follow one trace from the gateway to every agent turn.
/// </summary>
public sealed class MultiAgentFixture : IAsyncLifetime
{
    private InMemoryWorkflowEngine? _engine;
    private FakeDaprSidecar? _sidecar;
    private ActorsFactory? _actors;
    private ApiFactory? _api;
    private WorkerFactory? _worker;

    /// <summary>The broker.</summary>
    public KafkaMock Kafka { get; } = new(("agent-tasks", 3), ("agent-events", 3), ("agent-tasks-dlq", 1));

    /// <summary>The api's exported spans.</summary>
    public SpanSink ApiSpans { get; } = new();

    /// <summary>The worker's exported spans.</summary>
    public SpanSink WorkerSpans { get; } = new();

    /// <summary>The api's address, for the gateway's cluster.</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>The worker, hosting the workflows.</summary>
    public WorkerFactory Worker => _worker ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _engine = await InMemoryWorkflowEngine.StartAsync();
        _sidecar = await FakeDaprSidecar.StartAsync();
        _actors = new ActorsFactory(_sidecar.Endpoint, TimeProvider.System);
        _sidecar.ConnectApp(_actors.CreateClient());
        _api = new ApiFactory
        {
            Environment = "Production",
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(ApiSpans)),
        };
        _api.Settings["Gateway:Secret"] = EdgeFixture.GatewaySecret;
        _api.Settings["DAPR_HTTP_ENDPOINT"] = _sidecar.Endpoint;
        _api.Settings["Dapr:WorkflowAppId"] = "worker";
        _api.Settings["ConnectionStrings:kafka"] = Kafka.BootstrapServers;
        _api.Settings["DaprSidecar:ActorCallTimeout"] = "00:01:00";
        // The start-up probe of the sidecar must not time out on a loaded machine: the verdict would hold for a while.
        _api.Settings["DaprSidecar:ProbeTimeout"] = "00:00:10";
        _api.UseKestrel(0);
        _api.StartServer();
        ApiUrl = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _worker = new WorkerFactory(Kafka.BootstrapServers, _sidecar.Endpoint, _engine.Endpoint)
        {
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(WorkerSpans)),
        };
        _ = _worker.Services; // starts the host, and with it the consumer and the workflow worker
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_worker, _api, _actors, _sidecar, _engine);
        Kafka.Dispose();
    }
}
