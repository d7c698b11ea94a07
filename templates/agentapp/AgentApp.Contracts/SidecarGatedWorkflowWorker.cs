using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentApp.Contracts;

/// <summary>
/// Starts Dapr's workflow worker only once the sidecar's gRPC endpoint accepts connections. Without a sidecar the worker
/// would retry every 5 s for ever and log two errors each time ("Error in receive loop", "Error in gRPC protocol
/// handler"); here the service logs one warning and checks quietly (a TCP connect: no log, no span) until daprd appears.
/// </summary>
public sealed partial class SidecarGatedWorkflowWorker(Func<IHostedService> createWorker, IConfiguration configuration,
    TimeProvider time, ILogger<SidecarGatedWorkflowWorker> logger) : BackgroundService
{
    /// <summary>How often the sidecar is looked for while it is absent.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(1);

    private IHostedService? _worker;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoint = DaprSidecarAddress.GrpcEndpointFrom(configuration);
        var warned = false;
        while (!await AcceptsConnectionsAsync(endpoint, stoppingToken))
        {
            if (!warned)
            {
                LogNoSidecar(logger, endpoint);
                warned = true;
            }

            await Task.Delay(CheckInterval, time, stoppingToken);
        }

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

    private static async Task<bool> AcceptsConnectionsAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_connectTimeout);
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Dapr sidecar at {Endpoint}: this app's Dapr workflows are off until one starts. " +
        "Install the Dapr CLI and run 'dapr init --slim' (no Docker needed), then start the app from its AppHost.")]
    private static partial void LogNoSidecar(ILogger logger, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dapr sidecar at {Endpoint} answers: the workflow worker is started")]
    private static partial void LogStarted(ILogger logger, Uri endpoint);
}
