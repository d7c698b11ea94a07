using System.Net.Sockets;
using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Aspire.Hosting;
using StackExchange.Redis;

namespace AgentApp.Tests.Hosting.Redis;

/// <summary>Aspire's Redis resource served by Garnet in Local mode, unchanged in Containers and publish mode.</summary>
public class GarnetTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private static IDistributedApplicationBuilder AppHost(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            AssemblyName = typeof(Projects.AgentApp_AppHost).Assembly.GetName().Name,
            DisableDashboard = true,
            AllowUnsecuredTransport = true,
        });

    [Fact]
    public void Containers_mode_keeps_the_redis_container()
    {
        var builder = AppHost("--Infrastructure:Mode=Containers");

        var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();

        Assert.True(cache.Resource.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.EndsWith("redis", image.Image);
        Assert.False(cache.Resource.HasAnnotationOfType<InProcessAnnotation>());
    }

    [Fact]
    public void Local_mode_drops_the_container_but_keeps_endpoint_password_and_health_check()
    {
        var builder = AppHost("--Infrastructure:Mode=Local");

        var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();

        Assert.False(cache.Resource.HasAnnotationOfType<ContainerImageAnnotation>());
        Assert.True(cache.Resource.HasAnnotationOfType<InProcessAnnotation>());
        Assert.NotNull(cache.Resource.PasswordParameter);
        Assert.Contains(cache.Resource.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "tcp");
        Assert.NotEmpty(cache.Resource.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task Garnet_serves_redis_clients_with_the_password_hashes_and_lua_then_stops()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        var builder = AppHost("--Infrastructure:Mode=Local");
        builder.AddRedis("cache").RunAsGarnetWhenLocal();

        await using var app = builder.Build();
        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", cts.Token);

        var connectionString = await app.GetConnectionStringAsync("cache", cts.Token);
        Assert.Matches(@"^127\.0\.0\.1:\d+,password=.+", connectionString);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!))
        {
            var db = redis.GetDatabase();
            Assert.True(await db.StringSetAsync("k", "v"));
            Assert.Equal("v", (string?)await db.StringGetAsync("k"));
            // Dapr's Redis state store keeps each key as a hash and updates it with Lua.
            await db.HashSetAsync("h", [new("data", "x"), new("version", 1)]);
            var version = await db.ScriptEvaluateAsync("return redis.call('HINCRBY', KEYS[1], 'version', 1)", ["h"]);
            Assert.Equal(2, (int)version);
        }

        var wrongPassword = connectionString!.Split(",password=")[0] + ",password=wrong,abortConnect=false";
        await using (var unauthorised = await ConnectionMultiplexer.ConnectAsync(wrongPassword))
        {
            await Assert.ThrowsAnyAsync<RedisException>(() => unauthorised.GetDatabase().StringGetAsync("k"));
        }

        Assert.True(app.ResourceNotifications.TryGetCurrentState("cache", out var state));
        Assert.Equal(GarnetExtensions.ResourceType, state.Snapshot.ResourceType);

        await app.StopAsync(cts.Token);

        var port = int.Parse(connectionString.Split(',')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }
}
