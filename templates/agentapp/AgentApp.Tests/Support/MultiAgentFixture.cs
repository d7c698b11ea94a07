using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using AgentApp.Tests.Telemetry;

namespace AgentApp.Tests.Support;

/// <summary>
/// The task path (<see cref="TaskPathFixture"/>) with the api on Kestrel, for a real gateway each test starts; the model is
/// the offline one. The api and the worker export their spans to sinks, so a test can follow one trace from the gateway to
/// every agent turn.
/// </summary>
public sealed class MultiAgentFixture() : TaskPathFixture(taskPartitions: 3)
{
    /// <summary>The api's exported spans.</summary>
    public SpanSink ApiSpans { get; } = new();

    /// <summary>The worker's exported spans.</summary>
    public SpanSink WorkerSpans { get; } = new();

    /// <summary>The api's address, for the gateway's cluster.</summary>
    public string ApiUrl { get; private set; } = "";

    /// <inheritdoc />
    protected override ApiFactory CreateApi() => new()
    {
        Environment = "Production",
        ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(ApiSpans)),
    };

    /// <inheritdoc />
    protected override WorkerFactory CreateWorker(string bootstrapServers, string sidecarEndpoint, string workflowEngine) =>
        new(bootstrapServers, sidecarEndpoint, workflowEngine)
        {
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(WorkerSpans)),
        };

    /// <inheritdoc />
    protected override void Configure()
    {
        Api.Settings["Gateway:Secret"] = EdgeFixture.GatewaySecret;
        Api.UseKestrelOnLoopback();
        Api.StartServer();
        ApiUrl = Api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }
}
