using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>Registers remote MCP servers as the agent's tools.</summary>
public static class McpClientToolsExtensions
{
    /// <summary>
    /// Binds <see cref="McpServersOptions"/> (section <c>Mcp</c>, validated at start-up), keeps each server connected in
    /// the background and reports them in <c>/health</c> (<see cref="McpServersHealthCheck"/>).
    /// </summary>
    public static IServiceCollection AddMcpClientTools(this IServiceCollection services)
    {
        services.AddSettings<McpServersOptions>(McpServersOptions.Section);
        services.AddSingleton<IValidateOptions<McpServersOptions>, McpServersOptionsValidation>();
        services.AddSingleton<McpClientTools>();
        services.AddHostedService(provider => provider.GetRequiredService<McpClientTools>());
        services.AddHealthChecks().AddCheck<McpServersHealthCheck>(McpServersHealthCheck.Name);
        return services;
    }

    /// <summary>Adds <see cref="McpToolsChatClient"/> to a pipeline; needs <see cref="AddMcpClientTools"/>.</summary>
    public static ChatClientBuilder UseMcpTools(this ChatClientBuilder builder) =>
        builder.Use((inner, services) => new McpToolsChatClient(inner, services.GetRequiredService<McpClientTools>()));
}
