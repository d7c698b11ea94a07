using AgentApp.Gateway.Audit;
using AgentApp.Gateway.Authentication;
using AgentApp.Gateway.Quotas;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>
/// Routes whose <c>RateLimiterPolicy</c> is <c>tenant</c>: the request is decided against every limit of its tenant at
/// once (<see cref="LimitStore"/>: the request rate, a stream slot when it opens a stream, the token budget when the
/// route has <c>"TokenQuota": "true"</c> and the request can spend tokens). Refused: 429 with <c>Retry-After</c>.
/// Admitted: <c>RateLimit-*</c> headers, and a stream holds its slot until the response ends. Other routes touch no limit
/// state.
/// </summary>
public sealed class TenantLimitsMiddleware(RequestDelegate next, LimitStore store, IOptions<TenantLimitsOptions> limits)
{
    /// <summary>The policy name routes give in <c>RateLimiterPolicy</c>.</summary>
    public const string PolicyName = "tenant";

    /// <summary>Decides, then runs the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
        if (route?.RateLimiterPolicy != PolicyName || EdgeClaims.TenantOf(context.User) is not { } tenant)
        {
            await next(context);
            return;
        }

        var tenantLimits = limits.Value.For(tenant);
        var quota = TokenQuota.Applies(route, context.Request);
        var admission = await store.AdmitAsync(tenant, tenantLimits, StreamingRequests.IsStream(context), quota);
        if (admission.Verdict != AdmissionVerdict.Admitted)
        {
            await RateLimitRejection.WriteAsync(context, admission, tenantLimits);
            return;
        }

        RateLimitRejection.WriteHeaders(context.Response, tenantLimits.RequestsPerMinute, Math.Max(0, admission.RequestsLeft), admission.ResetSeconds);
        if (quota)
        {
            context.Features.Set(new ModelUsage());
        }

        using (admission.Slot)
        {
            await next(context);
        }
    }
}
