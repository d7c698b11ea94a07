using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentApp.Api.Mcp;

/// <summary>One tool as MCP clients see it.</summary>
/// <param name="Function">What runs.</param>
/// <param name="Protocol">Its MCP description: name, description, input schema, annotations.</param>
/// <param name="RequiresApproval">Listed, but a call only says how to get a person's approval (see <see cref="ApprovalRequiredAIFunction"/>).</param>
public sealed record McpExposedTool(AIFunction Function, Tool Protocol, bool RequiresApproval);

/// <summary>
/// The tools the api serves over MCP: the agent's own (<see cref="AgentTools.All"/>), plus any <see cref="AIFunction"/>
/// registered under <see cref="ExtraToolsKey"/> (agents exposed as tools register there). Remote MCP servers' tools are
/// not re-served: the api is not a proxy for them.
/// </summary>
public sealed class McpToolCatalog
{
    /// <summary>The service key under which extra <see cref="AIFunction"/>s join the MCP server's tools.</summary>
    public const string ExtraToolsKey = "mcp-server-tools";

    private readonly Dictionary<string, McpExposedTool> _tools;

    /// <summary>Describes every tool once; the descriptions do not change while the app runs.</summary>
    public McpToolCatalog(AgentTools agentTools, [FromKeyedServices(ExtraToolsKey)] IEnumerable<AIFunction> extra)
    {
        _tools = agentTools.All.OfType<AIFunction>().Concat(extra)
            .Select(Describe)
            .ToDictionary(t => t.Protocol.Name, StringComparer.Ordinal);
    }

    /// <summary>Every tool, in a stable order.</summary>
    public IEnumerable<McpExposedTool> All => _tools.Values.OrderBy(t => t.Protocol.Name, StringComparer.Ordinal);

    /// <summary>The tool called <paramref name="name"/>, or null.</summary>
    public McpExposedTool? Find(string name) => _tools.GetValueOrDefault(name);

    private static McpExposedTool Describe(AIFunction function)
    {
        var approval = function is ApprovalRequiredAIFunction;
        // Hints let MCP clients decide what to confirm with their user: our tools only read, except those needing approval.
        var protocol = McpServerTool.Create(function, new McpServerToolCreateOptions
        {
            ReadOnly = !approval,
            Destructive = approval,
            OpenWorld = false,
        }).ProtocolTool;
        return new McpExposedTool(function, protocol, approval);
    }
}
