using AgentApp.Agent.Guardrails;
using AgentApp.Agent;
using AgentApp.Agent.Providers;
using AgentApp.Api.Identity;

namespace AgentApp.Api.Chat;

/// <summary>Registers the api's agent: the shared pipeline plus conversation turns.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>The provider's service key; see <see cref="AgentPipelineServiceCollectionExtensions.ProviderKey"/>.</summary>
    public const string ProviderKey = AgentPipelineServiceCollectionExtensions.ProviderKey;

    /// <summary>Adds the agent pipeline (<see cref="AgentPipelineServiceCollectionExtensions.AddAgentPipeline"/>) and chat turns with memory.</summary>
    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder)
    {
        // Guardrails learn the tenant from the gateway's forwarded identity (registered before the pipeline's default).
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IAgentCaller, HttpAgentCaller>();
        builder.AddAgentPipeline();
        builder.Services.AddSingleton<ChatTurnRunner>();
        builder.Services.AddSingleton<ChatModelFailure>();
        return builder;
    }
}
