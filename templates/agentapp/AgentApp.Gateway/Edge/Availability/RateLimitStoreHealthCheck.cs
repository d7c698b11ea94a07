using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.Availability;

/// <summary>
/// Ready only once the rate-limit store runs scripts: the limits and quotas are Lua scripts, and a PING can succeed while
/// a just-started server still fails its first script (seen with Garnet), which made the first request a 503.
/// </summary>
public sealed class RateLimitStoreHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    /// <summary>The check's name in <c>/health</c>.</summary>
    public const string Name = "rate-limit-store";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await redis.GetDatabase().ScriptEvaluateAsync("return 1").WaitAsync(cancellationToken);
            return (int)answer == 1
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The rate-limit store ran a script but answered wrongly.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The rate-limit store does not run scripts yet.", ex);
        }
    }
}
