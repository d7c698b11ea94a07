using System.Net;
using System.Net.Sockets;

namespace AgentApp.Tests.Api;

/// <summary>Loopback addresses for tests.</summary>
public static class Loopback
{
    /// <summary>An http URL on a loopback port nothing listens on (bound and released just now): connection refused.</summary>
    public static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
