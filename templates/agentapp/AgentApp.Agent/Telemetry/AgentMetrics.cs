using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Telemetry;

/// <summary>
/// The agent's own metrics, beside the GenAI ones <c>UseOpenTelemetry</c> emits (<c>gen_ai.client.token.usage</c>,
/// <c>gen_ai.client.operation.duration</c>): estimated spend per model and tenant, model calls without a price, and tool
/// calls by tool and outcome. The meter is exported by ServiceDefaults (every <c>AgentApp.*</c> meter).
/// </summary>
public sealed class AgentMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = TelemetryNames.Prefix + ".Agent";

    /// <summary>Instrument names.</summary>
    public const string CostName = "agentapp.cost", UnpricedName = "agentapp.cost.unpriced_calls", ToolCallsName = "agentapp.tool.calls";

    /// <summary>Tag names: the model as the provider reported it, the tenant billed, the tool, how the tool call ended.</summary>
    public const string ModelTag = "gen_ai.response.model", TenantTag = "tenant", ToolTag = "gen_ai.tool.name", OutcomeTag = "outcome";

    /// <summary>The tenant tag's value when the caller named none.</summary>
    public const string UnknownTenant = "unknown";

    private readonly Counter<double> _cost;
    private readonly Counter<long> _unpriced;
    private readonly Counter<long> _toolCalls;

    /// <summary>Creates the instruments on the app's meter factory.</summary>
    public AgentMetrics(IMeterFactory meters, IOptions<ModelPricingOptions> pricing)
    {
        var meter = meters.Create(MeterName);
        _cost = meter.CreateCounter<double>(CostName, pricing.Value.Currency,
            "Estimated model spend, from token usage and the ModelPricing table.");
        _unpriced = meter.CreateCounter<long>(UnpricedName, "{call}",
            "Model calls whose model has no price in the ModelPricing table (their spend is not in agentapp.cost).");
        _toolCalls = meter.CreateCounter<long>(ToolCallsName, "{call}", "Tool calls the agent made, by tool and outcome.");
    }

    /// <summary>The tag naming the named agent whose turn a call was.</summary>
    public const string AgentTag = "gen_ai.agent.name";

    /// <summary>Adds a priced call's cost, attributed to <paramref name="agent"/> when it was a named agent's turn.</summary>
    public void Cost(double amount, string model, string tenant, string? agent = null)
    {
        if (agent is null)
        {
            _cost.Add(amount, new(ModelTag, model), new(TenantTag, tenant));
        }
        else
        {
            _cost.Add(amount, new(ModelTag, model), new(TenantTag, tenant), new(AgentTag, agent));
        }
    }

    /// <summary>Counts a call that has no price.</summary>
    public void Unpriced(string model, string tenant) =>
        _unpriced.Add(1, new(ModelTag, model), new(TenantTag, tenant));

    /// <summary>Counts a tool call.</summary>
    public void ToolCall(string tool, string outcome) =>
        _toolCalls.Add(1, new(ToolTag, tool), new(OutcomeTag, outcome));
}
