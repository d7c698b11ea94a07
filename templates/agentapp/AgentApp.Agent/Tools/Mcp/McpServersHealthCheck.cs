using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>
/// Degraded (not unhealthy: the agent still answers, without those tools) while any remote MCP server is unavailable;
/// asks the connected ones for their tools, so a server that went away is noticed by the next probe.
/// </summary>
public sealed class McpServersHealthCheck(McpClientTools remote) : IHealthCheck
{
    /// <summary>The check's name in <c>/health</c> reports.</summary>
    public const string Name = "mcp-servers";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (remote.Servers.Count == 0)
        {
            return HealthCheckResult.Healthy("No MCP servers are configured.");
        }

        await Task.WhenAll(remote.Servers.Select(s => s.ProbeAsync(cancellationToken)));
        var statuses = remote.Servers.Select(s => s.Status).ToList();
        var data = statuses.ToDictionary(s => $"mcp:{s.Server}", s => (object)(s.Available ? $"available, {s.ToolCount} tools" : $"unavailable: {s.Problem}"));
        var down = statuses.Where(s => !s.Available).Select(s => s.Server).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy($"{statuses.Count} MCP servers available.", data)
            : HealthCheckResult.Degraded($"MCP servers unavailable, the agent works without their tools: {string.Join(", ", down)}.", data: data);
    }
}
