using System.Diagnostics;
using AgentApp.Api.Dapr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentApp.Tests.Dapr;

/// <summary>Where the api looks for its sidecar, and how briefly it waits for one that is not there.</summary>
public sealed class DaprSidecarTests
{
    [Theory]
    [InlineData(null, null, "http://127.0.0.1:3500")]
    [InlineData(null, "3601", "http://127.0.0.1:3601")]
    [InlineData("http://sidecar:3602/", "3601", "http://sidecar:3602")]
    public void Finds_the_sidecar_as_the_Dapr_SDK_does(string? endpoint, string? port, string expected)
    {
        using var sidecar = Sidecar(("DAPR_HTTP_ENDPOINT", endpoint), ("DAPR_HTTP_PORT", port), ("DAPR_API_TOKEN", "t0ken"));

        Assert.Equal(expected, sidecar.Endpoint);
        Assert.Equal("t0ken", sidecar.ApiToken);
        Assert.Contains(expected, sidecar.Unavailable("Conversation memory"));
        Assert.Contains("dapr init --slim", sidecar.Unavailable("Conversation memory"));
    }

    [Fact]
    public async Task A_missing_sidecar_is_noticed_at_once_and_the_verdict_is_kept()
    {
        using var sidecar = Sidecar(("DAPR_HTTP_ENDPOINT", Loopback.ClosedPortUrl()));
        var clock = Stopwatch.StartNew();

        Assert.False(await sidecar.IsAvailableAsync(CancellationToken.None));
        var first = clock.Elapsed;
        Assert.False(await sidecar.IsAvailableAsync(CancellationToken.None));

        Assert.True(first < TimeSpan.FromSeconds(3), $"probe took {first}");
    }

    [Fact]
    public async Task A_sidecar_that_never_answers_costs_at_most_the_probe_timeout()
    {
        // A listener that accepts connections but never answers: the probe must give up, not hang.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        using var sidecar = Sidecar(("DAPR_HTTP_ENDPOINT", $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}"),
            ("DaprSidecar:ProbeTimeout", "00:00:00.300"));
        var clock = Stopwatch.StartNew();

        Assert.False(await sidecar.IsAvailableAsync(CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"probe took {clock.Elapsed}");
    }

    private static DaprSidecar Sidecar(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
        var options = new DaprSidecarOptions();
        configuration.GetSection(DaprSidecarOptions.Section).Bind(options);
        return new DaprSidecar(configuration, Options.Create(options), TimeProvider.System, NullLogger<DaprSidecar>.Instance);
    }
}
