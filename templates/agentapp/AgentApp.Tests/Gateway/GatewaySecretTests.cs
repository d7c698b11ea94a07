using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Gateway;

/// <summary>The api trusts identity headers only from the gateway, proven by the shared secret.</summary>
public sealed class GatewaySecretTests
{
    private const string Secret = "a-shared-secret-of-the-gateway";

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    [InlineData("a-shared-secret-of-the-gatewa")]
    public async Task A_call_without_the_secret_is_refused_before_it_can_claim_a_tenant(string? presented)
    {
        await using var factory = new ApiFactory { Settings = { ["Gateway:Secret"] = Secret } };
        using var client = factory.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = "hi" }) };
        request.Headers.Add("X-Identity-Tenant", "someone-else");
        if (presented is not null)
        {
            request.Headers.Add("X-Gateway-Secret", presented);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("gateway", problem!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_call_with_the_secret_is_served()
    {
        await using var factory = new ApiFactory { Settings = { ["Gateway:Secret"] = Secret } };
        using var client = factory.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Gateway-Secret", Secret);

        using var response = await client.PostAsJsonAsync("/v1/chat", new { message = "hi" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Probes_need_no_secret(string path)
    {
        await using var factory = new ApiFactory { Settings = { ["Gateway:Secret"] = Secret } };
        using var client = factory.CreateDefaultClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Outside_development_the_api_refuses_to_start_without_a_secret()
    {
        using var factory = new ApiFactory { Environment = "Production", Settings = { ["Gateway:Secret"] = "" } };

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateDefaultClient());
        Assert.Contains("Gateway:Secret", error.ToString());
    }
}
