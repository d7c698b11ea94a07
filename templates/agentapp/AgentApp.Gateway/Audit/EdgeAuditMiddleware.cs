using System.Diagnostics.Metrics;
using AgentApp.Gateway.Authentication;
using Yarp.ReverseProxy.Model;

namespace AgentApp.Gateway.Audit;

/// <summary>
/// One structured audit event per request that reaches a route: who (tenant, subject), what (route id, method),
/// the decision and its reason, the status, and tokens debited. Never bodies, queries or credentials. The same decision
/// is counted on <see cref="MeterName"/> by outcome and reason (no tenant or subject), for dashboards and alerts.
/// </summary>
public sealed partial class EdgeAuditMiddleware(RequestDelegate next, ILoggerFactory loggers, IMeterFactory meters)
{
    /// <summary>The log category, fixed so it can be routed to an audit sink.</summary>
    public const string Category = "Gateway.Audit";

    /// <summary>The meter (under the app's prefix, so ServiceDefaults exports it).</summary>
    public const string MeterName = $"{TelemetryNames.Prefix}.Gateway.Edge";

    /// <summary>The counter of decisions, tagged <c>outcome</c> and <c>reason</c>.</summary>
    public const string DecisionsName = "agentapp.edge.decisions";

    private readonly ILogger _audit = loggers.CreateLogger(Category);
    private readonly Counter<long> _decisions = meters.Create(MeterName).CreateCounter<long>(DecisionsName, "{request}",
        "Edge decisions on routed requests by outcome (forwarded, unauthenticated, forbidden, rate_limited, quota_exceeded, rejected) and reason.");

    /// <summary>Runs the request, then records the decision.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var decision = EdgeDecision.Of(context);
        try
        {
            await next(context);
        }
        finally
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId;
            // Probes and unrouted paths decide nothing about a tenant.
            if (route is not null || decision.Outcome is not null)
            {
                var status = context.Response.StatusCode;
                var outcome = decision.Outcome ?? status switch
                {
                    StatusCodes.Status401Unauthorized => "unauthenticated",
                    StatusCodes.Status403Forbidden => "forbidden",
                    StatusCodes.Status413PayloadTooLarge => "rejected",
                    _ => "forwarded",
                };
                _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("reason", decision.Reason ?? ""));
                Decided(_audit, outcome, decision.Reason ?? "", EdgeClaims.TenantOf(context.User) ?? "",
                    EdgeClaims.SubjectOf(context.User) ?? decision.Subject ?? "", route ?? "", context.Request.Method,
                    status, decision.Tokens);
            }
        }
    }

    [LoggerMessage(EventId = 7100, EventName = "EdgeDecision", Level = LogLevel.Information,
        Message = "Audit {Outcome} {Reason} tenant={Tenant} subject={Subject} route={Route} {Method} -> {Status} tokens={Tokens}")]
    private static partial void Decided(ILogger logger, string outcome, string reason, string tenant, string subject,
        string route, string method, int status, long tokens);
}
