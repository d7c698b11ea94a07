using AgentApp.Contracts;
using AgentApp.Testing;
using Dapr.Actors.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Support;

/// <summary>
/// The fake sidecar connected to the real actors app: task actors over the real actor protocol, reachable by the api under
/// test (point its <c>DAPR_HTTP_ENDPOINT</c> at <see cref="Sidecar"/>) and by the test itself through <see cref="Actor"/>,
/// the way a worker moves a task along.
/// </summary>
public sealed class TaskActorsBackend : IAsyncDisposable
{
    private readonly ActorsFactory _actors;
    private readonly ActorProxyFactory _proxies;

    private TaskActorsBackend(FakeDaprSidecar sidecar, TimeProvider clock)
    {
        Sidecar = sidecar;
        _actors = new ActorsFactory(sidecar.Endpoint, clock);
        sidecar.ConnectApp(_actors.CreateClient());
        _proxies = new ActorProxyFactory(new ActorProxyOptions { HttpEndpoint = sidecar.Endpoint });
    }

    /// <summary>The fake daprd.</summary>
    public FakeDaprSidecar Sidecar { get; }

    /// <summary>Starts the sidecar and the actors app behind it, on <paramref name="clock"/> (a manual one by default).</summary>
    public static async Task<TaskActorsBackend> StartAsync(TimeProvider? clock = null) =>
        new(await FakeDaprSidecar.StartAsync(), clock ?? new ManualClock());

    /// <summary>An api that tracks tasks in these actors and queues them on <paramref name="kafka"/>.</summary>
    public ApiFactory CreateTaskApi(string kafka)
    {
        var api = new ApiFactory();
        api.Settings["DAPR_HTTP_ENDPOINT"] = Sidecar.Endpoint;
        api.Settings["ConnectionStrings:kafka"] = kafka;
        // Generous: on two loaded cores a burst of submissions queues behind the actors (and the sidecar's health check too).
        api.Settings["DaprSidecar:ActorCallTimeout"] = "00:01:00";
        // A loaded machine can miss the 1.5 s health probe, and a "down" verdict would refuse the next requests.
        api.Settings["DaprSidecar:ProbeTimeout"] = "00:00:10";
        return api;
    }

    /// <summary>
    /// An api on Kestrel at a free loopback port (real HTTP, so streaming, flushing and disconnects are the server's own),
    /// tracking tasks in these actors, with fast event-stream polling and heartbeats; <paramref name="configureServices"/>
    /// replaces what the test records (the queue, the workflow engine).
    /// </summary>
    public (ApiFactory Api, Uri Address) StartStreamingApi(Action<IServiceCollection> configureServices)
    {
        var api = new ApiFactory { ConfigureServices = configureServices };
        api.Settings["DAPR_HTTP_ENDPOINT"] = Sidecar.Endpoint;
        PollEventsFast(api);
        api.UseKestrelOnLoopback();
        api.StartServer();
        return (api, new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    /// <summary>Event streams that poll the task's record every 20 ms (at most 100 ms) and beat every 300 ms.</summary>
    public static void PollEventsFast(ApiFactory api)
    {
        api.Settings["Tasks:EventPollInterval"] = "00:00:00.020";
        api.Settings["Tasks:EventPollMaxInterval"] = "00:00:00.100";
        api.Settings["Tasks:HeartbeatInterval"] = "00:00:00.300";
    }

    /// <summary>Task <paramref name="id"/>'s actor, through the fake sidecar.</summary>
    public ITaskActor Actor(string id) => TaskActorClient.For(_proxies, id, CancellationToken.None);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Disposal.InOrderAsync(_actors, Sidecar);
}
