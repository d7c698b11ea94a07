using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using AgentApp.Tests.Chat;

namespace AgentApp.Tests.EndToEnd;

[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ContainerlessStartTests(ContainerlessAppFixture fixture)
{
    [Fact]
    public async Task Gateway_proxies_v1_info_to_the_api()
    {
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        using var response = await gateway.GetAsync("/v1/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(info);
        Assert.EndsWith(".Api", info["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(info["version"]!.GetValue<string>()));
        Assert.Equal("offline", info["chatProvider"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ServicesAndProbes))]
    public async Task Every_service_answers_its_probes(string service, string path)
    {
        using var client = fixture.App.CreateHttpClient(service, "http");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unrouted_paths_are_not_proxied()
    {
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        using var response = await gateway.GetAsync("/dapr/config");

        // Only /v1/* (and, in Development, the API reference) reaches the api through the edge.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task In_development_the_gateway_serves_the_openapi_document_and_the_scalar_page()
    {
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        var document = JsonNode.Parse(await gateway.GetStringAsync("/openapi/v1.json"))!;
        using var scalar = await gateway.GetAsync("/scalar/");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/chat/completions", paths);
        Assert.Contains("/v1/models", paths);
        // "Try it" in the page calls the gateway, not the api behind it.
        Assert.Contains(gateway.BaseAddress!.Authority, document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Equal("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Gateway_streams_a_chat_that_calls_a_tool()
    {
        using var gateway = await fixture.CreateGatewayClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = "what time is it?" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var types = (await ServerSentEvents.ReadAllAsync(response)).Select(e => e.Type).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["tool_call", "tool_result"], types.Take(2));
        Assert.True(types.Count(t => t == "delta") >= 2, string.Join(", ", types));
        Assert.Equal(["usage", "done"], types.TakeLast(2));
        Assert.Single(types, t => t == "done");
    }

    [Fact]
    public async Task Gateway_reads_the_history_back_or_names_the_fix_when_there_is_no_sidecar()
    {
        using var gateway = await fixture.CreateGatewayClientAsync();
        var id = $"e2e-{Guid.NewGuid():N}";
        var reply = await Problems.OkJsonAsync(await gateway.PostAsJsonAsync("/v1/chat", new { conversationId = id, message = "what is 2 + 2?" }));

        using var history = await gateway.GetAsync($"/v1/conversations/{id}");

        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        if (model.Resources.OfType<DaprdResource>().Any())
        {
            var messages = (await Problems.OkJsonAsync(history))["messages"]!.AsArray();
            Assert.Equal(["user", "tool", "assistant"], messages.Select(m => m!["role"]!.GetValue<string>()));
            return;
        }

        // daprd is absent here: the api answered statelessly and says how to turn memory on.
        Assert.Contains("dapr init --slim", Assert.Single(reply["warnings"]!.AsArray())!.GetValue<string>());
        var problem = await Problems.AssertAsync(history, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("dapr init --slim", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAI_SDK_gets_a_completion_and_a_stream_through_the_gateway()
    {
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");
        // The SDK sends its key as a bearer token, which the edge accepts for API keys.
        var sdk = OpenAICompatibleTests.SdkClient(gateway, gateway.BaseAddress!, await fixture.DevApiKeyAsync());

        ChatCompletion completion = await sdk.CompleteChatAsync([new UserChatMessage("what is 6 * 7?")]);
        var parts = new List<string>();
        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("hello")]))
        {
            parts.AddRange(update.ContentUpdate.Select(p => p.Text));
        }

        Assert.Contains("42", completion.Content[0].Text);
        Assert.True(parts.Count(p => p.Length > 0) >= 2, $"{parts.Count} parts");
        Assert.Contains("offline model", string.Concat(parts));
    }

    public static TheoryData<string, string> ServicesAndProbes()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in ContainerlessAppFixture.Services)
        {
            data.Add(service, "/health");
            data.Add(service, "/alive");
        }

        return data;
    }
}
