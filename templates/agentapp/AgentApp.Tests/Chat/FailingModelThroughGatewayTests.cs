using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using AgentApp.Api.Chat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace AgentApp.Tests.Chat;

/// <summary>
/// A model that fails, behind the real gateway (Kestrel, Garnet) and the real api (Kestrel): before its first token the
/// answer is an error status whose message names provider and host but not the key; after it, the stream is cut and
/// both the official OpenAI SDK and Microsoft.Extensions.AI's OpenAIChatClient raise instead of returning half an answer.
/// The model is the only substitute: it sits under the api's real pipeline.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class FailingModelThroughGatewayTests(EdgeFixture edge)
{
    private const string KeySecret = "failing-model-key-0123456789";
    private const string ProviderKey = "sk-never-in-a-message";

    [Fact]
    public async Task A_stream_whose_model_fails_before_its_first_token_is_an_error_status_naming_provider_and_host()
    {
        await using var app = await StartAsync(new FailingModel(tokensBeforeFailure: 0));
        var sdk = app.Sdk();
        using var meai = sdk.AsIChatClient();

        var sdkError = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in sdk.CompleteChatStreamingAsync([new UserChatMessage("hello")]))
            {
            }
        });
        var meaiError = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in meai.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "hello")]))
            {
            }
        });

        foreach (var error in new[] { sdkError, meaiError })
        {
            Assert.Equal(502, error.Status);
            Assert.Contains("openai at 127.0.0.1:9", error.Message);
            Assert.DoesNotContain(ProviderKey, error.Message);
        }
    }

    [Fact]
    public async Task A_stream_whose_model_fails_after_its_first_token_raises_in_both_SDKs()
    {
        await using var app = await StartAsync(new FailingModel(tokensBeforeFailure: 1));

        await CutStream.AssertBothClientsRaiseAfterAsync(app.Sdk(), "Partial");
    }

    [Fact]
    public async Task A_stream_cut_after_its_first_token_carries_an_openai_error_object_before_the_cut()
    {
        await using var app = await StartAsync(new FailingModel(tokensBeforeFailure: 1));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"stream":true,"messages":[{"role":"user","content":"hello"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", KeySecret);

        using var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var received = new System.Text.StringBuilder();
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                received.AppendLine(line);
            }
        });

        // What OpenAI sends mid-stream, for the clients that read it (the Python and JS SDKs raise on it), then the cut.
        Assert.NotNull(failure);
        Assert.Contains("\"type\":\"server_error\"", received.ToString());
        Assert.Contains("openai at 127.0.0.1:9", received.ToString());
        Assert.DoesNotContain(ProviderKey, received.ToString());
        Assert.DoesNotContain("[DONE]", received.ToString());
    }

    private async Task<RunningApp> StartAsync(IChatClient model)
    {
        var api = new ApiFactory
        {
            Environment = "Production",
            ConfigureServices = services => services.AddKeyedSingleton(AgentServiceCollectionExtensions.ProviderKey, model),
        };
        api.Settings["Gateway:Secret"] = EdgeFixture.GatewaySecret;
        // What the api reports as the provider; the model itself is the substitute above.
        api.Settings["ConnectionStrings:chat"] = $"Provider=openai;Endpoint=http://127.0.0.1:9/v1;Key={ProviderKey}";
        api.UseKestrelOnLoopback();
        api.StartServer();
        var apiUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var gateway = new GatewayInstance(edge.Settings(
            [("ReverseProxy:Clusters:api:Destinations:api:Address", apiUrl), .. EdgeFixture.Key("k", KeySecret, EdgeFixture.NewTenant("fail"), ["chat"])]));
        var client = gateway.CreateClient();
        // Ready means its rate-limit store runs scripts; before that a request may be a 503 (what /health is for).
        await Poll.UntilAsync(async () =>
        {
            using var health = await client.GetAsync("/health");
            return health.IsSuccessStatusCode;
        }, "the gateway to be ready", TimeSpan.FromMinutes(1));
        return new RunningApp(api, gateway, client);
    }

    private sealed record RunningApp(ApiFactory Api, GatewayInstance Gateway, HttpClient Client) : IAsyncDisposable
    {
        public ChatClient Sdk() => new("any-model", new ApiKeyCredential(KeySecret), new OpenAIClientOptions
        {
            Endpoint = new Uri(Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(Client),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Gateway.DisposeAsync();
            await Api.DisposeAsync();
        }
    }

    /// <summary>Streams <c>tokensBeforeFailure</c> tokens ("Partial"), then fails as a provider outage does.</summary>
    private sealed class FailingModel(int tokensBeforeFailure) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("connection refused");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < tokensBeforeFailure; i++)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, "Partial");
            }

            await Task.Yield();
            throw new HttpRequestException("connection refused");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
