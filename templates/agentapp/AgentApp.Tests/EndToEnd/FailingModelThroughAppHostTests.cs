using System.ClientModel;
using System.ClientModel.Primitives;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace AgentApp.Tests.EndToEnd;

/// <summary>
/// The running container-less app with its chat model set to an OpenAI endpoint (<c>ConnectionStrings:chat</c>, as a user
/// sets it) that sends one token and then drops the connection: through the gateway, both the official OpenAI SDK and
/// Microsoft.Extensions.AI's OpenAIChatClient raise instead of returning half an answer as a whole one.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class FailingModelThroughAppHostTests
{
    [Fact]
    public async Task A_stream_whose_model_fails_after_its_first_token_raises_in_both_SDKs()
    {
        await using var model = await DroppingOpenAIEndpoint.StartAsync();
        await using var app = await ConfiguredApp.StartAsync([$"--ConnectionStrings:chat=Provider=openai;Endpoint={model.Url}/v1;Key=sk-test-upstream;Model=gpt-test"]);
        var key = await app.DevApiKeyAsync();
        using var gateway = app.App.CreateHttpClient("gateway", "http");
        var sdk = new ChatClient("any-model", new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(gateway),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        await CutStream.AssertBothClientsRaiseAfterAsync(sdk, "Partial");

        // The upstream was really asked, once by each client (the real provider path).
        Assert.True(model.StreamsStarted >= 2, $"the model endpoint saw {model.StreamsStarted} streams");
    }

    private sealed class DroppingOpenAIEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _streams;

        private DroppingOpenAIEndpoint(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int StreamsStarted => Volatile.Read(ref _streams);

        public static async Task<DroppingOpenAIEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var endpoint = new DroppingOpenAIEndpoint(app);
            app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "gpt-test", @object = "model" } } }));
            app.MapPost("/v1/chat/completions", endpoint.StreamThenDropAsync);
            await app.StartAsync();
            endpoint.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return endpoint;
        }

        private async Task StreamThenDropAsync(HttpContext context)
        {
            Interlocked.Increment(ref _streams);
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("""
                data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-test","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}


                """);
            await context.Response.Body.FlushAsync();
            // A model that dies while it thinks about its second token: the connection drops a second later (dropping it
            // at once would discard the first token, which Kestrel may not have sent yet).
            await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            context.Abort();
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
