using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Tests.Gateway;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Conversations;

/// <summary>
/// Conversation ids are scoped per tenant: two tenants with their own API keys, through the gateway (Kestrel, Garnet) to
/// the api (Kestrel) and conversation memory over the Dapr actor protocol.
/// </summary>
public sealed class ConversationTenancyTests(ContractFixture fixture) : IClassFixture<ContractFixture>
{
    private const string KeyA = "tenancy-key-a-0123456789abcdef";
    private const string KeyB = "tenancy-key-b-0123456789abcdef";

    [Fact]
    public async Task Two_tenants_using_one_id_have_two_conversations_and_neither_learns_of_the_other()
    {
        var (tenantA, tenantB) = (EdgeFixture.NewTenant("a"), EdgeFixture.NewTenant("b"));
        using var redis = new GarnetServerHost();
        await using var api = new ApiFactory();
        api.Settings["DAPR_HTTP_ENDPOINT"] = fixture.Sidecar.Endpoint;
        api.UseKestrelOnLoopback();
        api.StartServer();
        var apiUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var gateway = new GatewayInstance(new Dictionary<string, string?>(
        [
            new("ConnectionStrings:cache", redis.ConnectionString),
            new("ReverseProxy:Clusters:api:Destinations:api:Address", apiUrl),
            new("Gateway:Secret", ApiFactory.GatewaySecret),
            .. EdgeFixture.Key("a", KeyA, tenantA, ["chat", "conversations"]).Select(k => KeyValuePair.Create(k.Item1, k.Item2)),
            .. EdgeFixture.Key("b", KeyB, tenantB, ["chat", "conversations"]).Select(k => KeyValuePair.Create(k.Item1, k.Item2)),
        ]));
        using var a = Client(gateway, KeyA);
        using var b = Client(gateway, KeyB);
        const string Id = "shared-id";
        // The gateway's first Lua calls to a just-started Garnet can outlast the Redis timeout on a loaded machine.
        await Poll.UntilAsync(async () =>
        {
            using var response = await b.GetAsync("/v1/conversations/warm-up");
            return (int)response.StatusCode < 500;
        }, "the gateway to answer without a server error", TimeSpan.FromSeconds(60));

        await Problems.OkJsonAsync(await a.PostAsJsonAsync("/v1/chat", new { conversationId = Id, message = "from a" }));

        // To b the id is unused: the answers are those for an id nobody ever used, word for word but for the id.
        var unused = $"never-{Guid.NewGuid():N}";
        Assert.Equal(await ProblemAsync(b.GetAsync($"/v1/conversations/{unused}"), unused), await ProblemAsync(b.GetAsync($"/v1/conversations/{Id}"), Id));
        Assert.Equal(await ProblemAsync(b.DeleteAsync($"/v1/conversations/{unused}"), unused), await ProblemAsync(b.DeleteAsync($"/v1/conversations/{Id}"), Id));

        // b takes the id for a conversation of its own, and deletes it: a's is untouched.
        var started = await Problems.OkJsonAsync(await b.PostAsJsonAsync("/v1/chat", new { conversationId = Id, message = "from b" }));
        Assert.Equal(Id, started["conversationId"]!.GetValue<string>());
        Assert.Equal(["from a"], await UserMessagesAsync(a, Id));
        Assert.Equal(["from b"], await UserMessagesAsync(b, Id));
        using (var deleted = await b.DeleteAsync($"/v1/conversations/{Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Equal(["from a"], await UserMessagesAsync(a, Id));

        // Without an id the server makes one: the default way to start.
        var fresh = await Problems.OkJsonAsync(await a.PostAsJsonAsync("/v1/chat", new { message = "new topic" }));
        var generated = fresh["conversationId"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", generated);
        Assert.Equal(["new topic"], await UserMessagesAsync(a, generated));
        await Problems.AssertAsync(await b.GetAsync($"/v1/conversations/{generated}"), HttpStatusCode.NotFound);
    }

    private static HttpClient Client(GatewayInstance gateway, string key)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    // The problem's status and body with the id and trace id taken out, so answers about two ids compare.
    private static async Task<string> ProblemAsync(Task<HttpResponseMessage> sending, string id)
    {
        using var response = await sending;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)response.StatusCode} {body.ToJsonString().Replace(id, "{id}", StringComparison.Ordinal)}";
    }

    private static async Task<string[]> UserMessagesAsync(HttpClient client, string id) =>
        [.. (await Problems.OkJsonAsync(await client.GetAsync($"/v1/conversations/{id}")))["messages"]!.AsArray()
            .Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => m!["text"]!.GetValue<string>())];
}
