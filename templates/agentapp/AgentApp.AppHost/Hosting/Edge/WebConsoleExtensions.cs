using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>The web console's place in the app: behind the gateway, signed in with the development key when run locally.</summary>
public static class WebConsoleExtensions
{
    /// <summary>The configuration key the console reads the development key from.</summary>
    public const string DevelopmentKeyVariable = "Console__DevelopmentKey";

    /// <summary>
    /// The gateway serves the console at <c>/</c> (its <c>web</c> route resolves <c>http://web</c>) and the console calls the
    /// api only through the gateway (<c>http://gateway</c>), so each references the other.
    /// </summary>
    public static IResourceBuilder<ProjectResource> BehindGateway(this IResourceBuilder<ProjectResource> web,
        IResourceBuilder<ProjectResource> gateway)
    {
        gateway.WithReference(web);
        return web.WithReference(gateway);
    }

    /// <summary>
    /// Run mode only: the console uses the development key from the server, so nobody types it and it never reaches the
    /// browser. A published app gets none; people sign in with OpenID Connect (<c>Console:Oidc</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithConsoleDevelopmentKey(this IResourceBuilder<ProjectResource> web,
        IResourceBuilder<ParameterResource> key) =>
        web.ApplicationBuilder.ExecutionContext.IsRunMode ? web.WithEnvironment(DevelopmentKeyVariable, key) : web;
}
