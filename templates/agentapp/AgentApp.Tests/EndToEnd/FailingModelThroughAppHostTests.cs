using System.ClientModel;
using System.ClientModel.Primitives;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

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
        using var meai = sdk.AsIChatClient();
        var sdkText = new List<string>();
        var meaiText = new List<string>();

        var sdkError = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("hello")]))
            {
                sdkText.AddRange(update.ContentUpdate.Select(p => p.Text));
            }
        });
        var meaiError = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in meai.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "hello")]))
            {
                meaiText.Add(update.Text);
            }
        });

        // The upstream was really asked (the real provider path), its first token arrived, then the read failed.
        Assert.True(model.StreamsStarted >= 2, $"the model endpoint saw {model.StreamsStarted} streams");
        foreach (var error in new[] { sdkError, meaiError })
        {
            Assert.NotNull(error);
            Assert.False(error is ClientResultException { Status: > 0 }, $"expected a failed read, got {error}");
        }

        Assert.Equal("Partial", string.Concat(sdkText));
        Assert.Equal("Partial", string.Concat(meaiText));
    }

    /// <summary>An OpenAI-compatible endpoint in this process whose streamed completions send one token, then drop the connection.</summary>
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
