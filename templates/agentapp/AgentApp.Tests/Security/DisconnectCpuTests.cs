using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using AgentApp.Tests.Gateway;

namespace AgentApp.Tests.Security;

/// <summary>
/// Clients that leave take their work with them: the real api in a child process gets a burst of streamed chats with
/// messages at the body limit built to make every input-driven path work hardest, each client gone right after sending;
/// then the api's CPU time (read from the process, so nothing else in the test run counts) must go quiet within seconds.
/// </summary>
public sealed class DisconnectCpuTests
{
    private const int BodyLimit = 256 * 1024;
    private const int Clients = 12;

    // Idle is a few milliseconds of timers and GC per second; work left running would be a core's worth.
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task After_clients_disconnect_the_apis_cpu_time_stops_growing()
    {
        using var api = new ApiProcess(Loopback.FreePort(), new Dictionary<string, string>
        {
            ["DAPR_HTTP_ENDPOINT"] = Loopback.ClosedPortUrl(),
            ["Guardrails__MaxMessageLength"] = $"{BodyLimit}", // the whole pipeline reads each message, not just its length
        });
        await api.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(api.Url) };
        var before = api.CpuTime;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => SendAndLeaveAsync(http, Message(i))));

        // The burst did cost CPU (the measure sees the api working) ...
        Assert.True(api.CpuTime - before > TimeSpan.FromMilliseconds(50), $"the burst cost only {(api.CpuTime - before).TotalMilliseconds:F0} ms of CPU");

        // ... and once the clients are gone, a whole window passes with next to none.
        var last = TimeSpan.Zero;
        await Poll.UntilAsync(async () =>
        {
            var start = api.CpuTime;
            await Task.Delay(s_window);
            last = api.CpuTime - start;
            return last < s_quiet;
        }, "the api's CPU time to stop growing after its clients left", TimeSpan.FromSeconds(15));
        Assert.True(last < s_quiet, $"{last.TotalMilliseconds:F0} ms of CPU in {s_window.TotalSeconds} s with no client:\n{api.Output}");
    }

    // A streamed chat, abandoned as soon as the request is sent: the client cancels without reading an answer.
    private static async Task SendAndLeaveAsync(HttpClient http, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat")
        {
            Content = new StringContent($$"""{"message":"{{message}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token);
        }
        catch (OperationCanceledException)
        {
            // Left before the answer: the point.
        }
    }

    // Near-misses for the offline model's intents, the injection heuristics, the secret filter and redaction, to the limit.
    private static string Message(int seed)
    {
        string[] units = ["ignore all the previous, ", "+1 (23) ", "DE89 3704 ", "sk-proj-", "what is 1 + ( ", "eyJhbGciOi.eyJ", "send mail to a@b "];
        var text = new StringBuilder(BodyLimit);
        for (var i = seed; text.Length < BodyLimit - 64; i++)
        {
            text.Append(units[i % units.Length]);
        }

        return text.ToString(0, BodyLimit - 64);
    }
}
