using Yarp.ReverseProxy.Forwarder;

namespace AgentApp.Gateway.Forwarding;

/// <summary>
/// The connections to upstream services fail fast: a destination that does not accept a connection within
/// <see cref="ConnectTimeout"/> is a 502 now, not after the operating system's minute-long SYN retries (a pod that died
/// without closing its sockets, a node gone from the network). Streams are not limited here: once connected, their idle
/// limit is the cluster's <c>HttpRequest:ActivityTimeout</c>.
/// </summary>
public sealed class UpstreamHttpClientFactory : ForwarderHttpClientFactory
{
    /// <summary>How long to wait for an upstream connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = ConnectTimeout;
    }
}
