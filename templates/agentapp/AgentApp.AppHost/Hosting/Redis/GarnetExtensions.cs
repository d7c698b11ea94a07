using Aspire.Hosting.ApplicationModel;
using Garnet;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Runs Aspire's Redis resource on Garnet, in-process, when the AppHost runs without containers.</summary>
public static class GarnetExtensions
{
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

        return redis.RunInProcess("Redis (Garnet)", async context =>
        {
            var password = redis.Resource.PasswordParameter is { } parameter
                ? await parameter.GetValueAsync(context.CancellationToken)
                : null;
            var port = context.Ports[redis.Resource.PrimaryEndpoint.EndpointName];
            List<string> args =
            [
                "--bind", "127.0.0.1", "--port", $"{port}",
                // Dapr's Redis state store relies on Lua scripts for ETags.
                "--lua",
                // A development cache: small, memory-only, quiet (hashes and lists stay on: Dapr's state store uses them).
                "--memory", "256m", "--index", "32m", "-q",
                "--logger-level", "Warning",
            ];
            if (!string.IsNullOrEmpty(password))
            {
                args.AddRange(["--auth", "Password", "--password", password]);
            }

            var server = new GarnetServer([.. args]);
            server.Start();
            context.Logger.LogInformation(
                "Garnet {Version} is serving this Redis resource in-process on 127.0.0.1:{Port}: memory only, for development and tests; run with Docker (Infrastructure__Mode=Containers) for real Redis.",
                typeof(GarnetServer).Assembly.GetName().Version, port);
            return new AsyncDisposer(server);
        });
    }

    private sealed class AsyncDisposer(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
