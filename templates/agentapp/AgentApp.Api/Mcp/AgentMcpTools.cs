using System.ComponentModel;
using AgentApp.Agent.Agents;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.Mcp;

/// <summary>
/// Each named agent as an MCP tool, <c>ask_{agent}</c>: one turn of that agent on the caller's question, answered in the
/// request (no workflow: an MCP call cannot outlive its request; submit a task with a <c>mode</c> for durable runs).
/// </summary>
public static class AgentMcpTools
{
    /// <summary>The prefix of an agent's tool name.</summary>
    public const string Prefix = "ask_";

    /// <summary>
    /// Adds <c>ask_{agent}</c> for every named agent, the default ones and those in configuration, to the MCP server's
    /// tools (<see cref="McpToolCatalog.ExtraToolsKey"/>).
    /// </summary>
    public static IHostApplicationBuilder AddAgentMcpTools(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection($"{NamedAgentsOptions.Section}:Named").GetChildren().Select(c => c.Key);
        foreach (var name in DefaultAgents.Named.Keys.Union(configured, StringComparer.Ordinal).Where(NamedAgentsValidation.IsValidName))
        {
            builder.Services.AddKeyedSingleton(McpToolCatalog.ExtraToolsKey, (services, _) => Create(services.GetRequiredService<NamedAgents>(), name));
        }

        return builder;
    }

    private static AIFunction Create(NamedAgents agents, string name) => AIFunctionFactory.Create(
        async ([Description("What to ask the agent, with whatever it needs to know.")] string question, CancellationToken cancellationToken) =>
            (await agents.RunTurnAsync(name, [new ChatMessage(ChatRole.User, question)], cancellationToken)).Text,
        new AIFunctionFactoryOptions
        {
            Name = Prefix + name,
            Description = $"Asks the {name} agent one question and returns its answer. {agents[name].Description}".TrimEnd(),
        });
}
