using Dapr.Actors.Client;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Memory;

/// <summary>Registers conversation memory.</summary>
public static class ConversationMemoryServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConversationMemory"/>, the sidecar probe and the actor proxy factory.</summary>
    public static IServiceCollection AddConversationMemory(this IServiceCollection services)
    {
        services.AddOptions<ConversationMemoryOptions>()
            .BindConfiguration(ConversationMemoryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DaprSidecar>();
        services.AddHostedService(provider => provider.GetRequiredService<DaprSidecar>());
        services.AddSingleton<ConversationMemory>();
        services.AddSingleton<IActorProxyFactory>(provider =>
        {
            var sidecar = provider.GetRequiredService<DaprSidecar>();
            var options = provider.GetRequiredService<IOptions<ConversationMemoryOptions>>().Value;
            // A plain handler, not the resilient HttpClient defaults: a retried append would store a turn twice.
            return new ActorProxyFactory(new ActorProxyOptions
            {
                HttpEndpoint = sidecar.Endpoint,
                DaprApiToken = sidecar.ApiToken,
                RequestTimeout = options.ActorCallTimeout,
            }, new SocketsHttpHandler { ConnectTimeout = options.SidecarProbeTimeout });
        });
        return services;
    }
}
