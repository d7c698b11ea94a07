using System.Net;
using System.Net.Sockets;

namespace AgentApp.Tests.Support;

/// <summary>Loopback addresses for tests.</summary>
public static class Loopback
{
    /// <summary>An http URL on a loopback port nothing listens on (bound and released just now): connection refused.</summary>
    public static string ClosedPortUrl() => $"http://127.0.0.1:{FreePort()}";

    /// <summary>A loopback port that was free a moment ago (bound and released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
