using System.Net;
using System.Net.Sockets;

namespace AgentApp.Hosting;

/// <summary>Finds a TCP port that is free on both loopback addresses right now.</summary>
internal static class LoopbackPort
{
    public static int Free(int? except = null)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                // Kestrel binds "localhost" on IPv6 too; a port taken there would fail the app at start.
                if (port != except && (!Socket.OSSupportsIPv6 || IsFree(IPAddress.IPv6Loopback, port)))
                {
                    return port;
                }
            }
            finally
            {
                listener.Stop();
            }
        }

        throw new DistributedApplicationException("No free loopback port found.");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode != SocketError.AddressAlreadyInUse)
        {
            // No IPv6 loopback on this machine: nothing can be listening there either.
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
