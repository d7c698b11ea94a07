using System.Net;
using AgentApp.Workflows.InMemory.Protocol;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentApp.Workflows.InMemory;

/// <summary>
/// A Dapr workflow engine on loopback: Microsoft's in-memory Durable Task service behind <see cref="DaprTaskHubServer"/>.
/// Point an app's stock Dapr workflow SDK at <see cref="Endpoint"/> (<c>DAPR_GRPC_ENDPOINT</c>) and its workflows run for
/// real: activities, timers, external events, retries, child workflows, replay. Instances live in this process's memory
/// only: an app (the workflow worker) may crash and reconnect, the engine must not. For tests and container-less
/// development; production runs the engine inside daprd.
/// </summary>
public sealed class InMemoryWorkflowEngine : IAsyncDisposable
{
    private readonly WebApplication _host;

    private InMemoryWorkflowEngine(WebApplication host, InMemoryOrchestrationService engine, ActivityLedger activities)
    {
        _host = host;
        Engine = engine;
        Activities = activities;
        Endpoint = host.Urls.Single();
    }

    /// <summary>What the engine handed out and got back, per activity.</summary>
    public ActivityLedger Activities { get; }

    /// <summary>The gRPC address a Dapr workflow app is given as <c>DAPR_GRPC_ENDPOINT</c>, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The engine's instance store, for looking at instances directly.</summary>
    public IOrchestrationServiceClient Instances => Engine;

    private InMemoryOrchestrationService Engine { get; }

    /// <summary>Starts the engine on a free loopback port (HTTP/2 without TLS, as daprd's gRPC port).</summary>
    public static async Task<InMemoryWorkflowEngine> StartAsync(ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        loggers ??= NullLoggerFactory.Instance;
        var engine = new DaprWorkerSizedOrchestrationService(loggers);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(engine);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(engine);
        var activities = new ActivityLedger();
        builder.Services.AddSingleton(activities);
        builder.Services.AddSingleton<DaprTaskHubServer>();
        var app = builder.Build();
        app.MapGrpcService<DaprTaskHubServer>();
        await app.StartAsync(cancellationToken);
        return new InMemoryWorkflowEngine(app, engine, activities);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stopping.Token);
        await _host.DisposeAsync();
    }
}
