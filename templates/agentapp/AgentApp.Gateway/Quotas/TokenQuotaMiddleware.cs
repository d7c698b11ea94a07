using AgentApp.Gateway.Audit;
using AgentApp.Gateway.Authentication;
using AgentApp.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace AgentApp.Gateway.Quotas;

/// <summary>Which requests count against the token budget.</summary>
public static class TokenQuota
{
    /// <summary>The route metadata key that turns quotas on.</summary>
    public const string MetadataKey = "TokenQuota";

    /// <summary>
    /// The route has <c>"TokenQuota": "true"</c> and the request can spend tokens: reads spend none, so a tenant whose
    /// budget is spent can still read its tasks and conversations.
    /// </summary>
    public static bool Applies(RouteConfig route, HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
        && bool.TryParse(route.Metadata?.GetValueOrDefault(MetadataKey), out var quota) && quota;
}

/// <summary>
/// In the proxy pipeline: where <see cref="TenantLimitsMiddleware"/> admitted a request against the token budget (a
/// <see cref="ModelUsage"/> is present, which <see cref="UsageTransformProvider"/> fills from the api's report), debits
/// what was spent once the response is over.
/// </summary>
public sealed class TokenQuotaMiddleware(RequestDelegate next, LimitStore store)
{
    /// <summary>Forwards, then debits.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<ModelUsage>() is not { } usage || EdgeClaims.TenantOf(context.User) is not { } tenant)
        {
            await next(context);
            return;
        }

        usage.HideFromClient = await OpenAIUsageRequest.AskForUsageAsync(context);
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
