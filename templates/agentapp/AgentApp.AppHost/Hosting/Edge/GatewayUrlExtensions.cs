using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Tells people and scripts where the edge is.</summary>
public static class GatewayUrlExtensions
{
    /// <summary>The fixed start of the log line; scripts search for it.</summary>
    public const string LogPrefix = "Gateway URL:";

    /// <summary>Logs <c>Gateway URL: &lt;url&gt;</c> once the gateway is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithGatewayUrlLog(this IResourceBuilder<ProjectResource> gateway) =>
        gateway.OnResourceReady((resource, @event, _) =>
        {
            var endpoint = resource.GetEndpoint("http");
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway");
            logger.LogInformation("{Prefix} {Url}", LogPrefix, endpoint.Url);
            return Task.CompletedTask;
        });
}
