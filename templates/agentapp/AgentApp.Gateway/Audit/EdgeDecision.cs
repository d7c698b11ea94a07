namespace AgentApp.Gateway.Audit;

/// <summary>What the edge decided about one request, filled in by each stage and logged once by <see cref="EdgeAuditMiddleware"/>.</summary>
public sealed class EdgeDecision
{
    /// <summary>The stage's verdict: forwarded, unauthenticated, forbidden, rate_limited, quota_exceeded, rejected.</summary>
    public string? Outcome { get; set; }

    /// <summary>A short machine-readable reason (e.g. <c>revoked_api_key</c>, <c>missing_scope:chat</c>).</summary>
    public string? Reason { get; set; }

    /// <summary>Who, when known before authentication succeeded (e.g. the id of a revoked key).</summary>
    public string? Subject { get; set; }

    /// <summary>Model tokens debited for this request.</summary>
    public long Tokens { get; set; }

    /// <summary>The request's decision record, created on first use.</summary>
    public static EdgeDecision Of(HttpContext context)
    {
        var decision = context.Features.Get<EdgeDecision>();
        if (decision is null)
        {
            decision = new EdgeDecision();
            context.Features.Set(decision);
        }

        return decision;
    }
}
