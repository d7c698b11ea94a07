using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>The edge's two secrets: the one the gateway proves itself to the api with, and the development API key.</summary>
public static class EdgeSecretExtensions
{
    /// <summary>The parameter shared by gateway and api (<c>Gateway:Secret</c> in both).</summary>
    public const string GatewaySecretName = "gateway-secret";

    /// <summary>The development API key (tenant <c>development</c>, every scope); <c>Parameters:dev-api-key</c> sets it.</summary>
    public const string DevApiKeyName = "dev-api-key";

    /// <summary>The configuration key both services read the shared secret from.</summary>
    public const string GatewaySecretVariable = "Gateway__Secret";

    /// <summary>The configuration key the gateway reads the plain development key from (it hashes it at start).</summary>
    public const string DevApiKeyVariable = "Authentication__DevelopmentKey";

    /// <summary>
    /// A secret parameter Aspire generates (letters and digits, 32+) unless <c>Parameters:&lt;name&gt;</c> is set, and keeps
    /// in the AppHost's user secrets so it survives restarts.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>
    /// Gives <paramref name="service"/> the shared <c>Gateway:Secret</c>: the gateway sends it with every forwarded request,
    /// the api trusts identity headers only when it matches. Call it on both.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGatewaySecret(this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<ParameterResource> secret) => service.WithEnvironment(GatewaySecretVariable, secret);

    /// <summary>
    /// Gives the gateway the development key when running locally; a published app gets no development key (its
    /// parameter stays out of the manifest), only the hashed keys of its configuration.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentApiKey(this IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ParameterResource> key)
    {
        if (!gateway.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            key.ExcludeFromManifest();
            return gateway;
        }

        return gateway.WithEnvironment(DevApiKeyVariable, key);
    }
}
