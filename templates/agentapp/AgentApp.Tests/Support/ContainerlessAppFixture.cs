using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AgentApp.Tests.Support;

/// <summary>
/// Boots the real AppHost once per test run in Local infrastructure mode: Garnet for Redis and librdkafka's mock cluster
/// for Kafka, both in the AppHost process, and every service as a real process talking real HTTP. Dapr sidecars run only
/// where <c>daprd</c> is installed; elsewhere their resources report the install hint and the services start without them.
/// Disposing stops every process it started.
/// </summary>
public sealed class ContainerlessAppFixture : IAsyncLifetime
{
    /// <summary>Generous: a cold 2-core CI machine builds nothing here but starts ~10 processes.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The services that must report healthy.</summary>
    public static readonly string[] Services = ["api", "actors", "worker", "gateway", "web"];

    private DistributedApplication? _app;

    /// <summary>The running application.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app did not start.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        // No dashboard in tests: the services export to a receiver here instead (tests read it), which also answers
        // their last export at shutdown at once.
        Telemetry = await OtlpReceiver.StartAsync();
        _app = await ConfiguredApp.StartContainerlessAsync([], project => project
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint)
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .WithEnvironment("OTEL_SERVICE_NAME", project.Resource.Name)
            .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500")
            // The receiver shares the test process with parallel test classes: a late answer is retried (in memory),
            // not dropped, and an attempt gives up after 10 s, since the exporter sends nothing else while one waits.
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "10000")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory")
            .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "500")
            .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "60000"), null, Services, cts.Token);
        HealthyAt = DateTimeOffset.UtcNow;
    }

    /// <summary>What the services exported over OTLP: their spans and log records.</summary>
    public OtlpReceiver Telemetry { get; private set; } = null!;

    /// <summary>When every service had become healthy.</summary>
    public DateTimeOffset HealthyAt { get; private set; }

    /// <summary>The AppHost's generated development API key (the <c>dev-api-key</c> parameter).</summary>
    public Task<string> DevApiKeyAsync() => ConfiguredApp.DevApiKeyAsync(App);

    /// <summary>A client of the gateway that authenticates with the development key, as a user following the README would.</summary>
    public async Task<HttpClient> CreateGatewayClientAsync()
    {
        var client = App.CreateHttpClient("gateway", "http");
        client.DefaultRequestHeaders.Add("X-Api-Key", await DevApiKeyAsync());
        return client;
    }

    /// <summary>The console log of a resource so far, for failure messages.</summary>
    public Task<string> LogsAsync(string resource) => ConfiguredApp.LogsAsync(App, resource);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }
    }
}

/// <summary>Tests that share one running AppHost.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerlessAppCollection : ICollectionFixture<ContainerlessAppFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "containerless app";
}
