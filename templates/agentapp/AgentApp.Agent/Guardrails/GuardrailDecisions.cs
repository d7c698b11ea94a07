using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Records each guardrail decision: a counter tagged with rule and outcome (every outcome, passes included, so rates can
/// be computed), and for every decision that changed something one structured audit event naming tenant, subject,
/// rule, outcome and a short reason — never message text.
/// </summary>
public sealed partial class GuardrailDecisions
{
    /// <summary>The meter (under the app's prefix, so ServiceDefaults exports it).</summary>
    public const string MeterName = $"{TelemetryNames.Prefix}.Agent.Guardrails";

    /// <summary>The counter.</summary>
    public const string CounterName = "agentapp.guardrail.decisions";

    /// <summary>The audit log category, fixed so it can be routed to an audit sink.</summary>
    public const string AuditCategory = "Agent.Audit";

    private readonly Counter<long> _decisions;
    private readonly ILogger _audit;
    private readonly IAgentCaller _caller;

    /// <summary>Creates the meter from the app's meter factory.</summary>
    public GuardrailDecisions(IMeterFactory meters, ILoggerFactory loggers, IAgentCaller caller)
    {
        _decisions = meters.Create(MeterName).CreateCounter<long>(CounterName, "{decision}", "Guardrail decisions by rule and outcome.");
        _audit = loggers.CreateLogger(AuditCategory);
        _caller = caller;
    }

    /// <summary>The tenant the agent is working for, when known.</summary>
    public string? Tenant => _caller.Tenant;

    /// <summary>Counts a rule that had nothing to do.</summary>
    public void Pass(string rule) => _decisions.Add(1, new("rule", rule), new("outcome", GuardrailOutcomes.Pass));

    /// <summary>Counts and audits a decision; <paramref name="reason"/> is a pattern or tool name, never user text.</summary>
    public void Record(string rule, string outcome, string reason)
    {
        _decisions.Add(1, new("rule", rule), new("outcome", outcome));
        Decided(_audit, rule, outcome, reason, _caller.Tenant ?? "", _caller.Subject ?? "");
    }

    [LoggerMessage(EventId = 7200, EventName = "GuardrailDecision", Level = LogLevel.Warning,
        Message = "Audit guardrail {Rule} {Outcome} {Reason} tenant={Tenant} subject={Subject}")]
    private static partial void Decided(ILogger logger, string rule, string outcome, string reason, string tenant, string subject);
}
