using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AgentApp.Gateway.RedisStore;

/// <summary>
/// Ready only once the rate-limit store runs scripts: the limits and quotas are Lua scripts, and a PING can succeed while
/// a just-started server still fails its first script (seen with Garnet), which made the first request a 503. Once it has
/// answered, a later outage is Degraded, not Unhealthy: the gateway still serves what needs no Redis and answers 503 for
/// the rest, so readiness must not take every replica out of the load balancer. Registered as a singleton to remember.
/// Each outcome also goes to <see cref="RateLimitStoreAvailability"/> (a gauge).
/// </summary>
public sealed class RateLimitStoreHealthCheck(IConnectionMultiplexer redis, RateLimitStoreAvailability availability) : IHealthCheck
{
    /// <summary>The check's name in <c>/health</c>.</summary>
    public const string Name = "rate-limit-store";

    private volatile bool _answered;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await redis.GetDatabase().ScriptEvaluateAsync("return 1").WaitAsync(cancellationToken);
            if ((int)answer != 1)
            {
                return Failure("The rate-limit store ran a script but answered wrongly.", null);
            }

            _answered = true;
            availability.Report(available: true);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return Failure(_answered ? "The rate-limit store is unreachable." : "The rate-limit store does not run scripts yet.", ex);
        }
    }

    private HealthCheckResult Failure(string description, Exception? exception)
    {
        availability.Report(available: false);
        return _answered ? HealthCheckResult.Degraded(description, exception) : HealthCheckResult.Unhealthy(description, exception);
    }
}
