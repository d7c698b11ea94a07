using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>Runs Aspire's Redis resource on Garnet, in-process, when the AppHost runs without containers.</summary>
public static class GarnetExtensions
{
    /// <summary>The resource type the dashboard shows for Redis served by Garnet.</summary>
    public const string ResourceType = "Redis (Garnet)";

    /// <summary>
    /// In <see cref="InfrastructureMode.Local"/> serves this Redis resource from Garnet (Microsoft Research's Redis-protocol
    /// server) inside the AppHost, on loopback, with the same password parameter, connection string and health check as the
    /// container. Memory only: data is gone when the AppHost stops. Containers and publishing are unchanged.
    /// </summary>
    public static IResourceBuilder<RedisResource> RunAsGarnetWhenLocal(this IResourceBuilder<RedisResource> redis)
    {
        if (!redis.ApplicationBuilder.IsLocalInfrastructure())
        {
            return redis;
        }

        return redis.RunInProcess(ResourceType,
            async context =>
            {
                var password = redis.Resource.PasswordParameter is { } parameter
                    ? await parameter.GetValueAsync(context.CancellationToken)
                    : null;
                return GarnetDevServer.Start(context.FixedPort, password);
            },
            (server, logger) =>
            {
                logger.LogInformation(
                    "Garnet {Version} serves this Redis resource inside the AppHost process on {Host}:{Port}: memory only, for development and tests. " +
                    "Set Infrastructure__Mode=Containers to run the Redis container.",
                    GarnetDevServer.Version, InProcessResourceExtensions.LoopbackHost, server.Port);
                return [new("redis.implementation", $"Garnet {GarnetDevServer.Version}, in the AppHost process")];
            });
    }
}
