using Dapr.Actors.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Dapr;

/// <summary>Registers the api's Dapr plumbing in one place.</summary>
public static class DaprSidecarServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sidecar probe (<see cref="DaprSidecar"/>), the actor proxy factory and <see cref="ActorCalls"/>. Every feature
    /// that talks to actors calls this; repeating it adds nothing, so the features can be added in any order.
    /// </summary>
    public static IServiceCollection AddDaprSidecar(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(DaprSidecar)))
        {
            return services;
        }

        services.AddSettings<DaprSidecarOptions>(DaprSidecarOptions.Section);
        services.AddSingleton<DaprSidecar>();
        services.AddHostedService(provider => provider.GetRequiredService<DaprSidecar>());
        services.AddSingleton<ActorCalls>();
        services.AddSingleton<IActorProxyFactory>(provider =>
        {
            var sidecar = provider.GetRequiredService<DaprSidecar>();
            var options = provider.GetRequiredService<IOptions<DaprSidecarOptions>>().Value;
            // A plain handler, not the resilient HttpClient defaults: a retried append would store a turn twice.
            return new ActorProxyFactory(new ActorProxyOptions
            {
                HttpEndpoint = sidecar.Endpoint,
                DaprApiToken = sidecar.ApiToken,
                RequestTimeout = options.ActorCallTimeout,
            }, new SocketsHttpHandler { ConnectTimeout = options.ProbeTimeout });
        });
        return services;
    }
}
