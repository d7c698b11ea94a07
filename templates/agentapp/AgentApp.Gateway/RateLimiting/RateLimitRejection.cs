using System.Globalization;
using AgentApp.Gateway.Audit;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>
/// The <c>RateLimit-*</c> headers (the IETF draft's names, no <c>X-</c>) on every answer that went through a limit, and
/// the 429 ProblemDetails with <c>Retry-After</c> for a refused one.
/// </summary>
public static class RateLimitRejection
{
    /// <summary>The IETF draft header names (no <c>X-</c>).</summary>
    public const string LimitHeader = "RateLimit-Limit", RemainingHeader = "RateLimit-Remaining", ResetHeader = "RateLimit-Reset";

    /// <summary>The limit that applied, what is left of it and the seconds until it resets.</summary>
    public static void WriteHeaders(HttpResponse response, long limit, long remaining, long resetSeconds)
    {
        response.Headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[ResetHeader] = resetSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A refused admission: the limit that was hit, audited, answered 429.</summary>
    public static ValueTask WriteAsync(HttpContext context, Admission refused, TenantLimits limits)
    {
        var now = refused.Now.UtcDateTime;
        var (outcome, reason, limit, retryAfter, detail) = refused.Verdict switch
        {
            AdmissionVerdict.RequestsPerMinute => ("rate_limited", "requests_per_minute", (long)limits.RequestsPerMinute,
                refused.ResetSeconds, $"More than {limits.RequestsPerMinute} requests per minute for this tenant."),
            // A full stream slot frees whenever a stream ends: there is no better wait to give.
            AdmissionVerdict.ConcurrentStreams => ("rate_limited", "concurrent_streams", limits.ConcurrentStreams, 1L,
                $"More than {limits.ConcurrentStreams} concurrent streams for this tenant."),
            AdmissionVerdict.TokensPerDay => ("quota_exceeded", "tokens_per_day", limits.TokensPerDay,
                SecondsUntil(now.Date.AddDays(1), now), $"The tenant's model-token budget (tokens per day: {limits.TokensPerDay}) is spent."),
            _ => ("quota_exceeded", "tokens_per_minute", limits.TokensPerMinute,
                SecondsUntil(new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddMinutes(1), now),
                $"The tenant's model-token budget (tokens per minute: {limits.TokensPerMinute}) is spent."),
        };

        var decision = EdgeDecision.Of(context);
        decision.Outcome = outcome;
        decision.Reason = reason;
        return WriteAsync(context, retryAfter, limit, detail);
    }

    /// <summary>A 429 ProblemDetails with <c>Retry-After</c> and the rate-limit headers.</summary>
    public static async ValueTask WriteAsync(HttpContext context, long retryAfterSeconds, long limit, string detail)
    {
        var response = context.Response;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        WriteHeaders(response, limit, 0, retryAfterSeconds);
        await EdgeProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }

    private static long SecondsUntil(DateTime end, DateTime now) => Math.Max(1, (long)Math.Ceiling((end - now).TotalSeconds));
}
