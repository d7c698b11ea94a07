using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using AgentApp.Tests.Gateway;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using StackExchange.Redis;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// Token quotas count every token, through the real gateway (Kestrel, Garnet) and the real api with the offline model:
/// a streamed completion whose client did not ask for usage is debited (the gateway asked, and kept the usage chunk from
/// the client), one whose client asked (the official OpenAI SDK) gets its usage and is debited, a big system message
/// spends its tokens, and once the minute's budget is spent the next completion is a 429.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class QuotaThroughGatewayTests(EdgeFixture edge)
{
    private const string KeySecret = "quota-through-key-0123456789";

    [Fact]
    public async Task Streamed_completions_are_debited_whether_or_not_the_client_asked_for_usage_then_refused_with_429()
    {
        var tenant = EdgeFixture.NewTenant("stream-quota");
        await using var app = await StartAsync(tenant, tokensPerMinute: 100_000);

        // A client that did not ask for usage: its stream has none, yet the tokens are debited.
        var raw = await StreamAsync(app.Client, """{"stream":true,"messages":[{"role":"user","content":"hello there"}]}""");
        Assert.Contains("data: [DONE]", raw);
        Assert.DoesNotContain("\"usage\":{", raw);
        Assert.DoesNotContain("total_tokens", raw);
        var afterRaw = await app.TokensOnceDebitedAsync(atLeast: 1, "a stream without include_usage to be debited");

        // The official SDK asks for usage itself: it gets it, and exactly that is debited.
        var sdk = app.Sdk();
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("hello again")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            usage ??= update.Usage;
        }

        Assert.NotEqual(0, text.Length);
        Assert.NotNull(usage);
        Assert.True(usage.TotalTokenCount > 0);
        Assert.Equal(afterRaw + usage.TotalTokenCount, await app.TokensOnceDebitedAsync(afterRaw + usage.TotalTokenCount, "the SDK's stream to be debited"));
    }

    [Fact]
    public async Task A_big_system_message_spends_its_tokens_and_a_spent_budget_refuses_the_next_stream_with_429()
    {
        var tenant = EdgeFixture.NewTenant("system-quota");
        await using var app = await StartAsync(tenant, tokensPerMinute: 1_000);

        // Within the api's message length limit (every role has one), and worth more than the minute's budget.
        var system = string.Join(' ', Enumerable.Repeat("policy", 1_000));
        using var big = await app.Client.SendAsync(Completion($$"""{"messages":[{"role":"system","content":"{{system}}"},{"role":"user","content":"hi"}]}"""));
        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
        await app.TokensOnceDebitedAsync(atLeast: 1_000, "the system message's tokens to be counted");

        var refused = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in app.Sdk().CompleteChatStreamingAsync([new UserChatMessage("one more")]))
            {
            }
        });
        Assert.Equal(429, refused.Status);
        using var rawRefused = await app.Client.SendAsync(Completion("""{"stream":true,"messages":[{"role":"user","content":"and another"}]}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, rawRefused.StatusCode);
        Assert.Equal("1000", rawRefused.Headers.GetValues("RateLimit-Limit").Single());
    }

    private static HttpRequestMessage Completion(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", KeySecret);
        return request;
    }

    private static async Task<string> StreamAsync(HttpClient client, string json)
    {
        using var response = await client.SendAsync(Completion(json), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<RunningApp> StartAsync(string tenant, long tokensPerMinute)
    {
        var api = new ApiFactory { Environment = "Production" };
        api.Settings["Gateway:Secret"] = EdgeFixture.GatewaySecret;
        api.UseKestrelOnLoopback();
        api.StartServer();
        var apiUrl = api.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var gateway = new GatewayInstance(edge.Settings(
            [("ReverseProxy:Clusters:api:Destinations:api:Address", apiUrl), .. EdgeFixture.Key("k", KeySecret, tenant, ["chat"]),
             ((string, string?))($"Tenants:{tenant}:TokensPerMinute", $"{tokensPerMinute}")]), StoppedClock.MidMinute);
        var client = gateway.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var health = await client.GetAsync("/health");
            return health.IsSuccessStatusCode;
        }, "the gateway to be ready", TimeSpan.FromMinutes(1));
        return new RunningApp(api, gateway, client, await ConnectionMultiplexer.ConnectAsync(edge.Redis.ConnectionString), tenant);
    }

    private sealed record RunningApp(ApiFactory Api, GatewayInstance Gateway, HttpClient Client, ConnectionMultiplexer Redis, string Tenant) : IAsyncDisposable
    {
        public ChatClient Sdk() => new("any-model", new ApiKeyCredential(KeySecret), new OpenAIClientOptions
        {
            Endpoint = new Uri(Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(Client),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        /// <summary>The quota store's count for this minute of the gateway's stopped clock.</summary>
        public async Task<long> TokensThisMinuteAsync()
        {
            var value = await Redis.GetDatabase().StringGetAsync(AgentApp.Quotas.TokenQuotaKeys.Minute(Tenant, StoppedClock.MidMinute.GetUtcNow()));
            return value.IsNull ? 0 : (long)value;
        }

        /// <summary>
        /// The count once it reaches <paramref name="atLeast"/>: the gateway debits when the response is over, which can be
        /// just after a client stops reading (the SDK stops at <c>data: [DONE]</c>).
        /// </summary>
        public async Task<long> TokensOnceDebitedAsync(long atLeast, string what)
        {
            long tokens = 0;
            await Poll.UntilAsync(async () => (tokens = await TokensThisMinuteAsync()) >= atLeast, what, TimeSpan.FromSeconds(10));
            return tokens;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Gateway.DisposeAsync();
            await Api.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }
}
