namespace AgentApp.Hosting;

/// <summary>
/// The daprd process of one sidecar, run directly (no Dapr CLI). It exists only in run mode and only when daprd is installed.
/// </summary>
/// <param name="name">The resource name, <c>{application}-daprd</c>.</param>
/// <param name="command">The path of the daprd binary.</param>
/// <param name="workingDirectory">The working directory.</param>
/// <param name="sidecar">The sidecar this process implements.</param>
public sealed class DaprdResource(string name, string command, string workingDirectory, DaprSidecarResource sidecar)
    : ExecutableResource(name, command, workingDirectory)
{
    /// <summary>The Dapr HTTP API endpoint (<c>--dapr-http-port</c>).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The Dapr gRPC API endpoint (<c>--dapr-grpc-port</c>).</summary>
    public const string GrpcEndpointName = "grpc";

    /// <summary>The Prometheus metrics endpoint (<c>--metrics-port</c>).</summary>
    public const string MetricsEndpointName = "metrics";

    /// <summary>The sidecar this process implements.</summary>
    public DaprSidecarResource Sidecar { get; } = sidecar;

    /// <summary>The Dapr HTTP API endpoint.</summary>
    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    /// <summary>The Dapr gRPC API endpoint.</summary>
    public EndpointReference GrpcEndpoint => new(this, GrpcEndpointName);
}
