using System.Net;
using System.Net.Http.Headers;

namespace AgentApp.Tests.Gateway;

/// <summary>Every credential case gets the right status, and no client-claimed identity reaches the api.</summary>
[Collection(EdgeCollection.Name)]
public sealed class AuthenticationMatrixTests(EdgeFixture fixture) : IDisposable
{
    private const string ChatKey = "chat-key-0123456789abcdef", AllKey = "all-key-0123456789abcdef", RevokedKey = "revoked-key-0123456789";
    private readonly string _tenant = EdgeFixture.NewTenant("auth");
    private GatewayInstance? _gateway;

    private GatewayInstance Gateway => _gateway ??= new GatewayInstance(fixture.Settings(
    [
        .. EdgeFixture.Key("chat-only", ChatKey, _tenant, ["chat"]),
        .. EdgeFixture.Key("all", AllKey, _tenant, ["chat", "tasks", "conversations"]),
        .. EdgeFixture.Key("old", RevokedKey, _tenant, ["chat"], revoked: true),
    ]));

    public void Dispose() => _gateway?.Dispose();

    private HttpRequestMessage Chat(string? apiKey = null, string? bearer = null, string path = "/v1/chat")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"message\":\"zebra-body-text\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Correlation-Id", $"test-{Guid.NewGuid():N}");
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    private bool ApiSaw(HttpRequestMessage request) =>
        fixture.Api.Received.Any(r => r.Headers.GetValueOrDefault("X-Correlation-Id") == request.Headers.GetValues("X-Correlation-Id").Single());

    private async Task<string> AssertUnauthorizedAsync(HttpRequestMessage request, string challenge)
    {
        using var client = Gateway.CreateClient();
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == challenge);
        // Both ways in are advertised: the key header, and bearer (a key as the OpenAI SDKs send it, or a JWT).
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.False(ApiSaw(request), "a refused request reached the api");
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
    }

    [Fact]
    public async Task No_credentials_is_401_naming_both_schemes() =>
        Assert.Contains("No credentials were sent", await AssertUnauthorizedAsync(Chat(), "ApiKey"));

    [Fact]
    public async Task Unknown_key_is_401_that_says_the_key_is_wrong_not_missing() =>
        Assert.Contains("The API key is not valid", await AssertUnauthorizedAsync(Chat(apiKey: "not-a-key-0123456789"), "ApiKey"));

    [Fact]
    public async Task Revoked_key_is_401_that_says_so() =>
        Assert.Contains("revoked", await AssertUnauthorizedAsync(Chat(apiKey: RevokedKey), "ApiKey"));

    [Fact]
    public Task Expired_jwt_is_401() =>
        (Task)AssertUnauthorizedAsync(Chat(bearer: fixture.Api.Token(_tenant, "alice", "chat", EdgeFixture.Audience, DateTime.UtcNow.AddMinutes(-5))), "Bearer");

    [Fact]
    public Task Jwt_for_another_audience_is_401() =>
        (Task)AssertUnauthorizedAsync(Chat(bearer: fixture.Api.Token(_tenant, "alice", "chat", "someone-else", DateTime.UtcNow.AddMinutes(5))), "Bearer");

    [Theory]
    [InlineData("tenant-b ")]
    [InlineData(" tenant-b")]
    [InlineData("tenant-ß")]
    [InlineData("")]
    [InlineData("a-tenant-name-longer-than-sixty-four-characters-is-refused-as-well-x")]
    public Task Jwt_with_a_tenant_outside_the_api_key_rule_is_401(string tenant) =>
        AssertUnauthorizedAsync(Chat(bearer: fixture.Api.Token(tenant, "alice", "chat", EdgeFixture.Audience, DateTime.UtcNow.AddMinutes(5))), "Bearer");

    [Fact]
    public async Task Missing_scope_is_403_problem()
    {
        using var client = Gateway.CreateClient();
        using var request = Chat(apiKey: ChatKey, path: "/v1/conversations/abc");
        request.Method = HttpMethod.Get;
        request.Content = null;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("conversations", await response.Content.ReadAsStringAsync());
        Assert.False(ApiSaw(request));
    }

    [Fact]
    public async Task Valid_jwt_forwards_its_tenant_subject_and_scopes()
    {
        using var client = Gateway.CreateClient();
        using var request = Chat(bearer: fixture.Api.Token(_tenant, "alice", "chat tasks", EdgeFixture.Audience, DateTime.UtcNow.AddMinutes(5)));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(fixture.Api.Received, r => r.Headers.GetValueOrDefault("X-Correlation-Id") == request.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal(_tenant, seen.Headers["X-Identity-Tenant"]);
        Assert.Equal("alice", seen.Headers["X-Identity-Subject"]);
        Assert.Equal("chat tasks", seen.Headers["X-Identity-Scopes"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"), "the token must stop at the edge");
    }

    [Fact]
    public async Task Api_key_as_bearer_works_for_openai_clients()
    {
        using var client = Gateway.CreateClient();
        using var request = Chat(bearer: ChatKey, path: "/v1/chat/completions");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Forged_identity_headers_are_replaced_and_the_secret_is_the_gateways()
    {
        using var client = Gateway.CreateClient();
        using var request = Chat(apiKey: AllKey);
        request.Headers.Add("X-Identity-Tenant", "victim");
        request.Headers.Add("X-Identity-Subject", "root");
        request.Headers.Add("X-Identity-Scopes", "admin");
        request.Headers.Add("x-identity-role", "owner");
        request.Headers.Add("X-Gateway-Secret", "forged");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(fixture.Api.Received, r => r.Headers.GetValueOrDefault("X-Correlation-Id") == request.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal(_tenant, seen.Headers["X-Identity-Tenant"]);
        Assert.Equal("apikey:all", seen.Headers["X-Identity-Subject"]);
        Assert.Equal("chat conversations tasks", seen.Headers["X-Identity-Scopes"]);
        Assert.False(seen.Headers.ContainsKey("X-Identity-Role"));
        Assert.Equal(EdgeFixture.GatewaySecret, seen.Headers["X-Gateway-Secret"]);
        Assert.False(seen.Headers.ContainsKey("X-Api-Key"), "the key must stop at the edge");
    }

    [Fact]
    public async Task Forged_identity_without_credentials_never_reaches_the_api()
    {
        using var request = Chat();
        request.Headers.Add("X-Identity-Tenant", _tenant);
        request.Headers.Add("X-Gateway-Secret", EdgeFixture.GatewaySecret);

        await AssertUnauthorizedAsync(request, "ApiKey");
    }

    [Fact]
    public async Task Info_and_probes_are_anonymous_and_carry_no_identity()
    {
        using var client = Gateway.CreateClient();
        using var info = new HttpRequestMessage(HttpMethod.Get, "/v1/info");
        info.Headers.Add("X-Correlation-Id", "info-probe-1");
        info.Headers.Add("X-Identity-Tenant", "victim");

        using var response = await client.SendAsync(info);
        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var seen = fixture.Api.Received.Last(r => r.Headers.GetValueOrDefault("X-Correlation-Id") == "info-probe-1");
        Assert.False(seen.Headers.ContainsKey("X-Identity-Tenant"));
        Assert.Equal(EdgeFixture.GatewaySecret, seen.Headers["X-Gateway-Secret"]);
    }

    [Fact]
    public async Task Every_decision_is_one_audit_event_without_secrets()
    {
        using var client = Gateway.CreateClient();
        using (await client.SendAsync(Chat(apiKey: RevokedKey))) { }
        using (await client.SendAsync(Chat(apiKey: AllKey))) { }

        var events = Gateway.AuditEvents.ToArray();
        Assert.Equal(2, events.Length);
        Assert.Contains("unauthenticated revoked_api_key", events[0]);
        Assert.Contains("subject=apikey:old", events[0]);
        Assert.Contains($"forwarded  tenant={_tenant} subject=apikey:all route=chat POST -> 200", events[1]);
        Assert.DoesNotContain(events, e => e.Contains(AllKey) || e.Contains(RevokedKey) || e.Contains("zebra"));
    }
}
