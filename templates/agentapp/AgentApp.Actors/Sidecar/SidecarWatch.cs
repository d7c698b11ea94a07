using AgentApp.Contracts;
using AgentApp.DaprHosting;

namespace AgentApp.Actors.Sidecar;

/// <summary>
/// Says once, at start, when this service has no Dapr sidecar: its actors are called only through daprd, so without one
/// the service is up and healthy but idle. Logs again, at information level, when the sidecar appears.
/// </summary>
public sealed partial class SidecarWatch(IConfiguration configuration, TimeProvider time, ILogger<SidecarWatch> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoint = new Uri(DaprSidecarAddress.From(configuration).Endpoint);
        await DaprSidecarWait.UntilItAnswersAsync(endpoint, "this app's actors get no calls", time, logger, stoppingToken);
        LogAnswers(logger, endpoint);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dapr sidecar at {Endpoint} answers: actor calls can arrive")]
    private static partial void LogAnswers(ILogger logger, Uri endpoint);
}
