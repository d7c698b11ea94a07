using System.Net;
using System.Net.Sockets;
using AgentApp.Contracts;
using AgentApp.DaprHosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AgentApp.Tests.Dapr;

/// <summary>
/// What a service that waits for its sidecar must do (<see cref="DaprSidecarWait"/>): stay healthy with none, warn once
/// with the fix (<c>dapr init --slim</c>) and log no error through several checks, then notice the sidecar when its port
/// opens.
/// </summary>
public static class QuietSidecarWait
{
    /// <summary>
    /// Runs the checks on the clock <paramref name="clock"/> drives; <paramref name="port"/> is where the sidecar will
    /// listen, <paramref name="category"/> the logger of the waiting service, <paramref name="noticed"/> what it logs once
    /// the sidecar answers and <paramref name="meanwhile"/> what its warning says is off.
    /// </summary>
    public static async Task AssertAsync(HttpClient client, int port, FakeTimeProvider clock, CapturingLoggerProvider logs,
        string category, string noticed, string meanwhile)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        IEnumerable<CapturingLoggerProvider.Entry> Waiting() => logs.Entries.Where(e => e.Category == category);
        bool Noticed(CapturingLoggerProvider.Entry e) => e.Message.Contains(noticed, StringComparison.Ordinal);

        using (var health = await client.GetAsync("/health", cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // Several checks with no sidecar: one warning, and nothing at error level.
        await Poll.UntilAsync(() => Waiting().Any(e => e.Level == LogLevel.Warning), "the no-sidecar warning");
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(DaprSidecarWait.CheckInterval);
        }

        using (var again = await client.GetAsync("/health", cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        // The sidecar's port opens: the next check notices.
        using var sidecar = new TcpListener(IPAddress.Loopback, port);
        sidecar.Start();
        await Poll.UntilAsync(() =>
        {
            clock.Advance(DaprSidecarWait.CheckInterval);
            return Waiting().Any(Noticed);
        }, $"'{noticed}'");

        var before = logs.Entries.TakeWhile(e => !Noticed(e)).ToList();
        var warning = Assert.Single(before, e => e.Level == LogLevel.Warning && e.Category == category);
        Assert.Contains("dapr init --slim", warning.Message);
        Assert.Contains(meanwhile, warning.Message);
        Assert.DoesNotContain(before, e => e.Level >= LogLevel.Error);
    }
}
