using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// The api dies during a stream: the real api in a child process, behind a real gateway, streaming from an OpenAI-shaped
/// model that never finishes. Killed, the client's stream ends within 5 s, new requests get 502 or 503 within 5 s each,
/// the gateway's /health says Degraded; started again on its address, requests succeed and /health is Healthy again.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class ApiDeathTests(EdgeFixture fixture)
{
    private const string Key = "api-death-key-0123456789abcdef";
    private static readonly TimeSpan s_failFast = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_killed_api_ends_its_streams_and_is_502_or_503_within_5_s_until_it_is_back()
    {
        await using var model = await HangingModel.StartAsync();
        using var api = new ApiProcess(Loopback.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings__chat"] = $"Provider=openai;Endpoint={model.Url}/v1;Key=test-key;Model=gpt-test",
            ["DAPR_HTTP_ENDPOINT"] = Loopback.ClosedPortUrl(),
        });
        await api.StartAsync();
        using var gateway = new GatewayInstance(fixture.Settings(
        [
            ("ReverseProxy:Clusters:api:Destinations:api:Address", api.Url),
            .. EdgeFixture.Key("death", Key, EdgeFixture.NewTenant("death"), ["chat"]),
        ]));
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        await Poll.UntilAsync(async () => (await ChatStatusAsync(client)) == HttpStatusCode.OK, "a first answer through the gateway", TimeSpan.FromMinutes(1));

        // A stream the model keeps open.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = "tell me a long story" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var stream = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        await model.StreamOpened.WaitAsync(TimeSpan.FromMinutes(1));
        var reading = ReadToEndAsync(stream);

        api.Kill();

        // The stream ends, with an error or a cut, within 5 s of the kill.
        var clock = Stopwatch.StartNew();
        var ended = await Task.WhenAny(reading, Task.Delay(s_failFast));
        Assert.True(ended == reading, $"the stream was still open {s_failFast.TotalSeconds} s after the api was killed");
        await Assert.ThrowsAnyAsync<Exception>(() => reading); // cut, not completed: the api never sent "done"

        // Every new request is answered 502 or 503, each within 5 s, and /health turns Degraded.
        await Poll.UntilAsync(async () =>
        {
            var started = Stopwatch.StartNew();
            var status = await ChatStatusAsync(client);
            Assert.True(started.Elapsed < s_failFast, $"a request took {started.Elapsed.TotalSeconds:F1} s with the api down");
            Assert.True(status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"got {(int)status} with the api down");
            return await HealthAsync(client) == "Degraded";
        }, "the gateway's /health to report the dead api", TimeSpan.FromSeconds(20));

        // Back on its address: answers again, and /health is Healthy.
        await api.StartAsync();
        await Poll.UntilAsync(async () => await ChatStatusAsync(client) == HttpStatusCode.OK && await HealthAsync(client) == "Healthy",
            "the gateway to use the api again", TimeSpan.FromMinutes(1));
    }

    private static async Task<HttpStatusCode> ChatStatusAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.PostAsJsonAsync("/v1/chat", new { message = "hello" }, timeout.Token);
        return response.StatusCode;
    }

    private static async Task<string> HealthAsync(HttpClient client) => await client.GetStringAsync("/health");

    private static async Task ReadToEndAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (line.StartsWith("event: done", StringComparison.Ordinal) || line.StartsWith("event: error", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new IOException("the stream ended without its done event");
    }

    /// <summary>An OpenAI-shaped model: answers a plain request at once; a streamed one gets a first chunk, then nothing.</summary>
    private sealed class HangingModel : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private HangingModel(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public Task StreamOpened => _opened.Task;

        public static async Task<HangingModel> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var model = new HangingModel(app);
            app.MapPost("/v1/chat/completions", model.CompleteAsync);
            await app.StartAsync();
            return model;
        }

        private async Task CompleteAsync(HttpContext context)
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            if (!body.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                await context.Response.WriteAsJsonAsync(new
                {
                    id = "c1", @object = "chat.completion", created = 1, model = "gpt-test",
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = "Hello." }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
                });
                return;
            }

            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Once upon a time. \"},\"finish_reason\":null}]}\n\n");
            await context.Response.Body.FlushAsync();
            _opened.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The api went away.
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
