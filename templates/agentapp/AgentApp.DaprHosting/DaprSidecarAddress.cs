using Microsoft.Extensions.Configuration;

namespace AgentApp.DaprHosting;

/// <summary>
/// Where a service's Dapr sidecar listens, read as the Dapr SDK reads it: <c>DAPR_HTTP_ENDPOINT</c>, else
/// <c>DAPR_HTTP_PORT</c> on loopback (default 3500), and <c>DAPR_API_TOKEN</c> when set.
/// </summary>
/// <param name="Endpoint">The sidecar's HTTP endpoint, without a trailing slash.</param>
/// <param name="ApiToken">The token daprd expects in <c>dapr-api-token</c>, or null.</param>
public sealed record DaprSidecarAddress(string Endpoint, string? ApiToken)
{
    /// <summary>The address <paramref name="configuration"/> names.</summary>
    public static DaprSidecarAddress From(IConfiguration configuration) => new(
        configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint
            ? endpoint.TrimEnd('/')
            : $"http://127.0.0.1:{(configuration["DAPR_HTTP_PORT"] is { Length: > 0 } port ? port : "3500")}",
        configuration["DAPR_API_TOKEN"] is { Length: > 0 } token ? token : null);

    /// <summary>
    /// The sidecar's gRPC endpoint (workflows), read as Dapr.Workflow reads it: <c>DAPR_GRPC_ENDPOINT</c>, else
    /// <c>DAPR_GRPC_PORT</c> on loopback (default 50001).
    /// </summary>
    public static Uri GrpcEndpointFrom(IConfiguration configuration) => new(
        configuration["DAPR_GRPC_ENDPOINT"] is { Length: > 0 } endpoint
            ? endpoint
            : $"http://127.0.0.1:{(configuration["DAPR_GRPC_PORT"] is { Length: > 0 } port ? port : "50001")}");
}
