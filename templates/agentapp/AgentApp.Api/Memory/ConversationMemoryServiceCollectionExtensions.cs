using AgentApp.Api.Dapr;

namespace AgentApp.Api.Memory;

/// <summary>Registers conversation memory.</summary>
public static class ConversationMemoryServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConversationMemory"/> over the Dapr sidecar (<see cref="DaprSidecarServiceCollectionExtensions.AddDaprSidecar"/>).</summary>
    public static IServiceCollection AddConversationMemory(this IServiceCollection services)
    {
        services.AddDaprSidecar();
        services.AddSingleton<ConversationMemory>();
        return services;
    }
}
