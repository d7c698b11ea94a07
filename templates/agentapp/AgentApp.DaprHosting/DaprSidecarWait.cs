using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace AgentApp.DaprHosting;

/// <summary>
/// Waits for a Dapr sidecar to accept connections, quietly: one warning with the fix while it is absent, then a TCP
/// connect every <see cref="CheckInterval"/> (no log, no span) until daprd appears.
/// </summary>
public static partial class DaprSidecarWait
{
    /// <summary>How often the sidecar is looked for while it is absent.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Returns once <paramref name="endpoint"/> accepts a connection. The first failed check logs one warning through
    /// <paramref name="logger"/> saying what is off meanwhile (<paramref name="offUntilThen"/>) and how to fix it.
    /// </summary>
    public static async Task UntilItAnswersAsync(Uri endpoint, string offUntilThen, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var warned = false;
        while (!await AcceptsConnectionsAsync(endpoint, cancellationToken))
        {
            if (!warned)
            {
                LogNoSidecar(logger, endpoint, offUntilThen);
                warned = true;
            }

            await Task.Delay(CheckInterval, time, cancellationToken);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Dapr sidecar at {Endpoint}: {OffUntilThen} until one starts. " +
        "Install the Dapr CLI and run 'dapr init --slim' (no Docker needed), then start the app from its AppHost.")]
    private static partial void LogNoSidecar(ILogger logger, Uri endpoint, string offUntilThen);
}
