using AgentApp.Gateway.Edge.Audit;
using AgentApp.Gateway.Edge.Authentication;
using AgentApp.Gateway.Edge.RateLimiting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace AgentApp.Gateway.Edge.Quotas;

/// <summary>
/// In the proxy pipeline, on routes whose metadata says <c>"TokenQuota": "true"</c>: refuses a tenant whose minute or day
/// budget is spent (429), else forwards and debits what the api reported (<see cref="UsageTransformProvider"/> fills it).
/// </summary>
public sealed class TokenQuotaMiddleware(RequestDelegate next, TokenQuotaStore store, IOptions<TenantLimitsOptions> limits)
{
    /// <summary>The route metadata key that turns quotas on.</summary>
    public const string MetadataKey = "TokenQuota";

    /// <summary>Checks, forwards, debits.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        // Reads spend no tokens: a tenant whose budget is spent can still read its tasks and conversations.
        if (EdgeClaims.TenantOf(context.User) is not { } tenant || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || !bool.TryParse(route.Metadata?.GetValueOrDefault(MetadataKey), out var quota) || !quota)
        {
            await next(context);
            return;
        }

        var tenantLimits = limits.Value.For(tenant);
        var check = await store.CheckAsync(tenant, tenantLimits);
        if (check.Exceeded is { } exceeded)
        {
            var decision = EdgeDecision.Of(context);
            decision.Outcome = "quota_exceeded";
            decision.Reason = exceeded;
            await RateLimitRejection.WriteAsync(context, check.RetryAfter, check.Limit,
                $"The tenant's model-token budget ({exceeded.Replace('_', ' ')}: {check.Limit}) is spent.", context.RequestAborted);
            return;
        }

        var usage = new ModelUsage();
        context.Features.Set(usage);
        try
        {
            await next(context);
        }
        finally
        {
            // The client may be gone; the tokens were still spent.
            await store.DebitAsync(tenant, usage.Total);
            EdgeDecision.Of(context).Tokens = usage.Total;
        }
    }
}
