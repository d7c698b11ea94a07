using System.Reflection;
using AgentApp.Agent.Providers;
using AgentApp.Api.Chat;

namespace AgentApp.Api.Info;

/// <summary><c>GET /v1/info</c>: who answers and with which chat provider.</summary>
public static class InfoEndpoints
{
    /// <summary>What <c>GET /v1/info</c> returns.</summary>
    /// <param name="Name">The service name.</param>
    /// <param name="Version">The informational version of the build.</param>
    /// <param name="ChatProvider">The chat provider behind the agent (<c>offline</c> without a connection string).</param>
    public sealed record InfoResponse(string Name, string Version, string ChatProvider);

    /// <summary>Maps <c>GET /info</c> on the group.</summary>
    public static RouteGroupBuilder MapInfo(this RouteGroupBuilder group)
    {
        group.MapGet("/info", (ChatProviderSettings chat, IHostEnvironment environment) => TypedResults.Ok(
                new InfoResponse(environment.ApplicationName, s_version, chat.Provider)))
            .WithName("GetInfo")
            .WithSummary("Service name, version and chat provider.");
        return group;
    }

    private static readonly string s_version =
        typeof(InfoEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(InfoEndpoints).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
