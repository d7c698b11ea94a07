using System.Threading.RateLimiting;
using AgentApp.Gateway.Edge.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace AgentApp.Gateway.Edge.RateLimiting;

/// <summary>
/// The <c>tenant</c> rate-limiter policy (routes name it in <c>RateLimiterPolicy</c>): a Redis token bucket of
/// <see cref="TenantLimits.RequestsPerMinute"/> per tenant, refilled whole each minute, and for streams
/// <see cref="TenantLimits.ConcurrentStreams"/> slots (<see cref="RedisStreamSlotLimiter"/>, held as long as the stream
/// lasts) in front of it. State lives in Redis, so every
/// gateway replica draws on the same budget.
/// </summary>
public sealed class TenantRateLimitPolicy(IConnectionMultiplexer redis, IOptions<TenantLimitsOptions> limits,
    IOptions<Forwarding.GatewayOptions> gateway, TimeProvider time)
    : IRateLimiterPolicy<string>
{
    /// <summary>The policy name.</summary>
    public const string Name = "tenant";

    /// <summary>Redis key prefixes, one per limiter.</summary>
    public const string RequestsKey = "gateway:requests:", StreamsKey = "gateway:streams:";

    /// <summary>The token bucket refills whole once per period.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RateLimitRejection.WriteAsync;

    /// <inheritdoc />
    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        // Routes that carry this policy require a tenant; anything else is not ours to limit here.
        if (EdgeClaims.TenantOf(httpContext.User) is not { } tenant)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var tenantLimits = limits.Value.For(tenant);
        if (!StreamingRequests.IsStream(httpContext))
        {
            return RateLimitPartition.Get($"requests\n{tenant}", _ => Requests(tenant, tenantLimits));
        }

        // Streams first: a refused stream must not spend a request token, and a refused request releases its stream slot.
        return RateLimitPartition.Get($"streams\n{tenant}", _ => RateLimiter.CreateChained(
            new RedisStreamSlotLimiter(redis, StreamsKey + tenant, tenantLimits.ConcurrentStreams, gateway.Value.StreamLeaseTtl, time),
            Requests(tenant, tenantLimits)));
    }

    private RedisTokenBucketRateLimiter<string> Requests(string tenant, TenantLimits tenantLimits) =>
        new(RequestsKey + tenant, new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            TokenLimit = tenantLimits.RequestsPerMinute,
            TokensPerPeriod = tenantLimits.RequestsPerMinute,
            ReplenishmentPeriod = Period,
        });
}
