using AgentApp.Actors;
using AgentApp.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Support;

/// <summary>The actors app in memory, talking to its sidecar at <paramref name="sidecarEndpoint"/>, on a clock the test sets.</summary>
public sealed class ActorsFactory(string sidecarEndpoint, TimeProvider clock) : WebApplicationFactory<ActorsEntryPoint>
{
    /// <summary>More settings (e.g. <c>DAPR_GRPC_ENDPOINT</c> for a workflow engine, <c>ConnectionStrings:kafka</c>).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DAPR_HTTP_ENDPOINT", sidecarEndpoint);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }
}

/// <summary>
/// api (in memory) → typed actor proxy → fake sidecar (loopback HTTP) → actors app (in memory) → state in the fake:
/// every hop speaks the real Dapr actor protocol. Disposing stops all three.
/// </summary>
public sealed class ContractFixture : IAsyncLifetime
{
    private FakeDaprSidecar? _sidecar;
    private ActorsFactory? _actors;
    private ApiFactory? _api;

    /// <summary>The fake daprd.</summary>
    public FakeDaprSidecar Sidecar => _sidecar ?? throw new InvalidOperationException("not started");

    /// <summary>The api, with memory on.</summary>
    public ApiFactory Api => _api ?? throw new InvalidOperationException("not started");

    /// <summary>The actors app.</summary>
    public ActorsFactory Actors => _actors ?? throw new InvalidOperationException("not started");

    /// <summary>The actors app's clock (idle expiry is measured on it).</summary>
    public ManualClock ActorsClock { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _sidecar = await FakeDaprSidecar.StartAsync();
        _actors = new ActorsFactory(_sidecar.Endpoint, ActorsClock);
        _sidecar.ConnectApp(_actors.CreateClient());
        _api = new ApiFactory();
        _api.Settings["DAPR_HTTP_ENDPOINT"] = _sidecar.Endpoint;
        // Correctness, not latency, is under test: on a loaded 2-core runner 100 queued turns may take a while.
        _api.Settings["DaprSidecar:ActorCallTimeout"] = "00:02:00";
        // A loaded machine can miss the 1.5 s health probe, and a "down" verdict would refuse the next requests.
        _api.Settings["DaprSidecar:ProbeTimeout"] = "00:00:10";
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_api, _actors, _sidecar);
    }
}
