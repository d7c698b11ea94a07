using System.Globalization;
using AgentApp.Gateway.Edge.Audit;
using AgentApp.Gateway.Edge.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;

namespace AgentApp.Gateway.Edge.RateLimiting;

/// <summary>Writes a refused request: 429 ProblemDetails, <c>Retry-After</c> and <c>RateLimit-*</c> headers.</summary>
public static class RateLimitRejection
{
    /// <summary>The IETF draft header names (no <c>X-</c>).</summary>
    public const string LimitHeader = "RateLimit-Limit", RemainingHeader = "RateLimit-Remaining", ResetHeader = "RateLimit-Reset";

    /// <summary>The rate limiter's <c>OnRejected</c>.</summary>
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var tenant = EdgeClaims.TenantOf(context.User) ?? "";
        var limits = context.RequestServices.GetRequiredService<IOptions<TenantLimitsOptions>>().Value.For(tenant);

        // Only the token bucket knows when it refills; a full stream slot frees whenever a stream ends.
        var byRate = rejected.Lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds);
        // Replicas stamp requests with their own clocks, so a late-arriving early stamp can compute a wait past the
        // period; the bucket refills whole within one period, so that is the most a client need wait.
        var retryAfter = byRate ? Math.Clamp(seconds, 1, (int)TenantRateLimitPolicy.Period.TotalSeconds) : 1;
        var (reason, limit) = byRate
            ? ("requests_per_minute", limits.RequestsPerMinute)
            : ("concurrent_streams", limits.ConcurrentStreams);

        var decision = EdgeDecision.Of(context);
        decision.Outcome = "rate_limited";
        decision.Reason = reason;

        await WriteAsync(context, retryAfter, limit, reason == "requests_per_minute"
            ? $"More than {limit} requests per minute for this tenant."
            : $"More than {limit} concurrent streams for this tenant.", cancellationToken);
    }

    /// <summary>A 429 ProblemDetails with the rate-limit headers; quotas use it too.</summary>
    public static async ValueTask WriteAsync(HttpContext context, long retryAfterSeconds, long limit, string detail,
        CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retry = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.RetryAfter = retry;
        response.Headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[RemainingHeader] = "0";
        response.Headers[ResetHeader] = retry;
        await EdgeProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }
}
