using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentApp.DaprHosting;

/// <summary>
/// Starts Dapr's workflow worker only once the sidecar's gRPC endpoint accepts connections. Without a sidecar the worker
/// would retry every 5 s for ever and log two errors each time ("Error in receive loop", "Error in gRPC protocol
/// handler"); here the service logs one warning and checks quietly (<see cref="DaprSidecarWait"/>) until daprd appears.
/// </summary>
public sealed partial class SidecarGatedWorkflowWorker(Func<IHostedService> createWorker, IConfiguration configuration,
    TimeProvider time, ILogger<SidecarGatedWorkflowWorker> logger) : BackgroundService
{
    /// <summary>How often the sidecar is looked for while it is absent.</summary>
    public static TimeSpan CheckInterval => DaprSidecarWait.CheckInterval;

    private IHostedService? _worker;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoint = DaprSidecarAddress.GrpcEndpointFrom(configuration);
        await DaprSidecarWait.UntilItAnswersAsync(endpoint, "this app's Dapr workflows are off", time, logger, stoppingToken);

        _worker = createWorker();
        await _worker.StartAsync(stoppingToken);
        LogStarted(logger, endpoint);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_worker is not null)
        {
            await _worker.StopAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        (_worker as IDisposable)?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dapr sidecar at {Endpoint} answers: the workflow worker is started")]
    private static partial void LogStarted(ILogger logger, Uri endpoint);
}
