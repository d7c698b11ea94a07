using System.Net;
using System.Net.Http.Json;
using AgentApp.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.EndToEnd;

/// <summary>
/// Without daprd the app is quiet: after a minute up and 20 chats, no service has exported an error-level log record, and
/// no span of those chats' traces is an error (the sidecar is probed out of band, not inside requests). Read from what
/// the services exported over OTLP, as the dashboard would show it.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class QuietWithoutDaprTests(ContainerlessAppFixture fixture)
{
    /// <summary>Long enough for every background loop to have run many times (Dapr's workflow worker retried every 5 s).</summary>
    private static readonly TimeSpan s_uptime = TimeSpan.FromSeconds(60);

    private const int Chats = 20;

    [Fact]
    public async Task After_a_minute_up_and_20_chats_no_service_logged_an_error_and_no_chat_trace_has_an_error_span()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        if (model.Resources.OfType<DaprdResource>().Any())
        {
            return; // daprd is installed here: this is the no-sidecar case only.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The services have been up since the fixture started; only the rest of the minute is waited out, not a full one.
        var remaining = fixture.HealthyAt + s_uptime - DateTimeOffset.UtcNow;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cts.Token);
        }

        using var gateway = await fixture.CreateGatewayClientAsync();
        var traces = new List<string>();
        var sending = DateTimeOffset.UtcNow;
        for (var i = 0; i < Chats; i++)
        {
            using var response = await gateway.PostAsJsonAsync("/v1/chat", new { message = $"what is {i} + 1?" }, cts.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // A caller that sends no correlation id of its own is given the request's trace id (the one a developer would
            // look up in the dashboard), so the test knows which spans belong to its chats whatever its own HttpClient
            // does with trace headers.
            traces.Add(response.Headers.GetValues("X-Correlation-Id").Single());
        }

        var sent = DateTimeOffset.UtcNow;

        // Each chat's trace holds the gateway's and the api's server spans once both have exported.
        var spans = fixture.Telemetry.Spans;
        await Poll.UntilAsync(() => traces.All(t => spans.Any(s => s.TraceId == t && s.Service == "gateway") && spans.Any(s => s.TraceId == t && s.Service == "api")),
            cts.Token, () => $"spans of {traces.Count(t => spans.Any(s => s.TraceId == t))}/{Chats} chats arrived; chats sent from {sending:HH:mm:ss.fff} to {sent:HH:mm:ss.fff}; received so far:\n"
                + Received(spans.Select(s => (s.Service, s.Received, $"{s.Name} in {s.TraceId}")), "spans")
                + Received(fixture.Telemetry.Logs.Select(l => (l.Service, l.Received, $"[{l.Category}] {Shorten(l.Body)}")), "log records")
                + "warnings and errors: " + string.Join('\n', fixture.Telemetry.Logs.Where(l => l.Severity >= ExportedLog.Warning)
                    .Select(l => $"{l.Service} [{l.Category}] {Shorten(l.Body)}").Distinct().TakeLast(10)));

        var chatSpans = spans.Where(s => traces.Contains(s.TraceId)).ToList();
        var errorSpans = chatSpans.Where(s => s.StatusCode == ExportedSpan.Error).Select(s => $"{s.Service}: {s.Name} ({s.StatusMessage})").ToList();
        Assert.True(errorSpans.Count == 0, "error spans in chat traces:\n" + string.Join('\n', errorSpans.Distinct()));
        Assert.Contains(chatSpans, s => s.Name.StartsWith("chat", StringComparison.Ordinal)); // the model call is in the trace

        var errors = fixture.Telemetry.Logs.Where(l => l.Severity >= ExportedLog.Error && ContainerlessAppFixture.Services.Contains(l.Service))
            .Select(l => $"{l.Service} [{l.Category}]: {l.Body}").ToList();
        Assert.True(errors.Count == 0, "error-level log records:\n" + string.Join('\n', errors.Distinct().Take(20)));
        // The logs did arrive: each service with a sidecar says once that it has none, as a warning with the fix.
        foreach (var service in (string[])["api", "actors", "worker"])
        {
            Assert.Single(fixture.Telemetry.Logs, l => l.Service == service && l.Body.Contains("dapr init --slim", StringComparison.Ordinal));
        }
    }

    private static string Received(IEnumerable<(string Service, DateTimeOffset Received, string What)> items, string kind) =>
        string.Concat(items.GroupBy(i => i.Service).Select(g => $"{g.Key}: {g.Count()} {kind}, the last at {g.Max(i => i.Received):HH:mm:ss.fff}, latest: "
            + string.Join("; ", g.TakeLast(3).Select(i => i.What)) + "\n"));

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
