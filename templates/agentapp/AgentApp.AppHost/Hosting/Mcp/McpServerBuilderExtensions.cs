using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>Remote MCP servers as tools of the app's agents.</summary>
public static class McpServerBuilderExtensions
{
    /// <summary>The configuration prefix the services read servers from (<c>Mcp:Servers:&lt;name&gt;:Url</c>).</summary>
    public const string ConfigurationPrefix = "Mcp__Servers__";

    /// <summary>Adds a remote MCP server at <paramref name="url"/> (its Streamable HTTP endpoint, http or https).</summary>
    public static IResourceBuilder<McpServerResource> AddMcpServer(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, string url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The MCP server URL '{url}' must be an absolute http or https URL.", nameof(url));
        }

        return builder.AddMcpServer(new McpServerResource(name, uri));
    }

    /// <summary>Adds a remote MCP server whose URL is the value of <paramref name="url"/>.</summary>
    public static IResourceBuilder<McpServerResource> AddMcpServer(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, IResourceBuilder<ParameterResource> url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(url);
        return builder.AddMcpServer(new McpServerResource(name, url.Resource));
    }

    /// <summary>A bearer token the server needs, from a secret parameter.</summary>
    public static IResourceBuilder<McpServerResource> WithToken(this IResourceBuilder<McpServerResource> server,
        IResourceBuilder<ParameterResource> token)
    {
        ArgumentNullException.ThrowIfNull(token);
        server.Resource.Token = token.Resource;
        return server;
    }

    /// <summary>Tools of this server (their names on it; <c>*</c> for all) that need a person's approval before they run.</summary>
    public static IResourceBuilder<McpServerResource> WithToolApproval(this IResourceBuilder<McpServerResource> server, params string[] tools)
    {
        foreach (var tool in tools)
        {
            server.WithAnnotation(new McpToolApprovalAnnotation(tool));
        }

        return server;
    }

    /// <summary>
    /// Gives <paramref name="service"/>'s agent the server's tools: its URL, token and approval list as
    /// <c>Mcp:Servers:&lt;name&gt;</c> settings.
    /// </summary>
    public static IResourceBuilder<T> WithMcpServer<T>(this IResourceBuilder<T> service, IResourceBuilder<McpServerResource> server)
        where T : IResourceWithEnvironment
    {
        var prefix = $"{ConfigurationPrefix}{server.Resource.Name}__";
        service.WithEnvironment(context =>
        {
            context.EnvironmentVariables[$"{prefix}Url"] = server.Resource.UrlExpression;
            if (server.Resource.Token is { } token)
            {
                context.EnvironmentVariables[$"{prefix}Token"] = token;
            }

            foreach (var (tool, i) in server.Resource.ToolsRequiringApproval.Select((t, i) => (t, i)))
            {
                context.EnvironmentVariables[$"{prefix}RequireApproval__{i}"] = tool;
            }
        });
        return service.WithRelationship(server.Resource, "McpServer");
    }

    private static IResourceBuilder<McpServerResource> AddMcpServer(this IDistributedApplicationBuilder builder, McpServerResource server)
    {
        var healthCheckKey = $"{server.Name}_mcp_check";
        builder.Services.AddHttpClient(nameof(McpServerHealthCheck), http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            services => new McpServerHealthCheck(server, services.GetRequiredService<IHttpClientFactory>()), failureStatus: default, tags: default));

        // Like Aspire's external services: nothing to start, so the resource is Running once its URL is known, which is
        // when health checks begin. The services get its URL in their own settings, so it has no manifest entry.
        builder.Eventing.Subscribe<InitializeResourceEvent>(server, async (e, ct) =>
        {
            string? url = null;
            try
            {
                url = await server.UrlExpression.GetValueAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                e.Logger.LogError(ex, "The URL of MCP server '{Server}' cannot be read", server.Name);
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                await e.Notifications.PublishUpdateAsync(server, s => s with { State = KnownResourceStates.FailedToStart });
                return;
            }

            await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(server, e.Services), ct);
            await e.Notifications.PublishUpdateAsync(server, s => s with
            {
                State = KnownResourceStates.Running,
                Urls = [new UrlSnapshot(Name: "mcp", Url: uri.ToString(), IsInternal: false)],
                Properties = [new(CustomResourceKnownProperties.Source, uri.Host)],
            });
        });

        return builder.AddResource(server)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "McpServer", Properties = [] })
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }
}
