using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>Tells people and scripts where the edge is.</summary>
public static class GatewayUrlExtensions
{
    /// <summary>The fixed start of the log line; scripts search for it and take the next token as the URL.</summary>
    public const string LogPrefix = "Gateway URL:";

    /// <summary>
    /// Logs <c>Gateway URL: &lt;url&gt;</c> once the gateway is healthy, followed by where to find the API key
    /// (<paramref name="apiKey"/>'s name, never its value).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGatewayUrlLog(this IResourceBuilder<ProjectResource> gateway,
        IResourceBuilder<ParameterResource>? apiKey = null) =>
        gateway.OnResourceReady((resource, @event, _) =>
        {
            var endpoint = resource.GetEndpoint("http");
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway");
            if (apiKey is null)
            {
                logger.LogInformation("{Prefix} {Url}", LogPrefix, endpoint.Url);
            }
            else
            {
                logger.LogInformation("{Prefix} {Url} (API key: dashboard > Parameters > {Key}, or Parameters:{Key} in user secrets)",
                    LogPrefix, endpoint.Url, apiKey.Resource.Name, apiKey.Resource.Name);
            }

            return Task.CompletedTask;
        });
}
