using System.Net;
using System.Net.Sockets;

namespace AgentApp.Hosting;

/// <summary>
/// Listens on a fixed loopback port and pipes every connection to another loopback port. The mock cluster picks its
/// own random port; this gives it the port the developer asked for.
/// </summary>
internal sealed class LoopbackTcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _connections = [];
    private readonly Task _acceptLoop;

    private LoopbackTcpForwarder(TcpListener listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
        _acceptLoop = AcceptAsync(_stopping.Token);
    }

    /// <summary>The port this forwarder listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    /// <exception cref="SocketException">The port is taken.</exception>
    public static LoopbackTcpForwarder Start(int port, int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        if (OperatingSystem.IsWindows())
        {
            // Windows lets another socket bind over ours unless we ask for exclusivity; Linux and macOS refuse a second
            // listener anyway. Either way a taken port must fail the start loudly, not be shared.
            listener.ExclusiveAddressUse = true;
        }

        listener.Start();
        return new LoopbackTcpForwarder(listener, targetPort);
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }

            var connection = PipeAsync(client, stopping);
            lock (_connections)
            {
                _connections.Add(connection);
            }

            _ = connection.ContinueWith(
                done => { lock (_connections) { _connections.Remove(done); } },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task PipeAsync(Socket client, CancellationToken stopping)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using (client)
        {
            client.NoDelay = true;
            try
            {
                await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                return; // the broker is gone or stopping: the client sees its connection close and retries
            }

            await using var fromClient = new NetworkStream(client, ownsSocket: false);
            await using var fromUpstream = new NetworkStream(upstream, ownsSocket: false);
            var requests = CopyAsync(fromClient, fromUpstream, closing.Token);
            var responses = CopyAsync(fromUpstream, fromClient, closing.Token);

            // Kafka never half-closes: once either side hangs up, end the other direction too and wait for both.
            await Task.WhenAny(requests, responses);
            await closing.CancelAsync();
            await Task.WhenAll(requests, responses);
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken closing)
    {
        try
        {
            await from.CopyToAsync(to, closing);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The peer hung up or we are closing: either way this direction is done.
        }
    }

    /// <summary>Stops listening, closes every open connection and waits for them to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stopping.Dispose();
    }
}
