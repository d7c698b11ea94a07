using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace AgentApp.Gateway.Forwarding;

/// <summary>
/// Reports the api cluster as YARP's active health checks see it (appsettings.json, <c>ReverseProxy:Clusters:api:HealthCheck</c>):
/// Degraded while no api destination answers its probe, so /health and the dashboard show a dead api within seconds. Degraded,
/// not unhealthy: the gateway itself still answers (503 with a problem saying why), and taking it out of the load balancer
/// would turn those answers into connection errors.
/// </summary>
public sealed class UpstreamHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    /// <summary>The check's name in /health.</summary>
    public const string Name = "api";

    /// <summary>The cluster checked.</summary>
    public const string ClusterId = "api";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(ClusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The gateway has no '{ClusterId}' cluster configured."));
        }

        var destinations = cluster.Destinations.Values;
        var unhealthy = destinations.Count(d => d.Health.Active == Yarp.ReverseProxy.Model.DestinationHealth.Unhealthy);
        return Task.FromResult(destinations.Count > 0 && unhealthy == destinations.Count
            ? HealthCheckResult.Degraded($"No api destination answers its health probe ({unhealthy} of {destinations.Count} unhealthy): requests are answered 503.")
            : HealthCheckResult.Healthy());
    }
}
