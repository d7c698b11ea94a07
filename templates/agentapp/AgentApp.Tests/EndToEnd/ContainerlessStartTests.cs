using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;

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

        using var response = await gateway.GetAsync("/openapi/v1.json");

        // Only /v1/* reaches the api through the edge.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
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
