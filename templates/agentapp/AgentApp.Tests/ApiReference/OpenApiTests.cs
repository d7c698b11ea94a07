using System.Net;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.ApiReference;

/// <summary>The OpenAPI document always; the Scalar UI only in Development.</summary>
public sealed class OpenApiTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task The_openapi_document_describes_every_endpoint(string environment)
    {
        await using var factory = new ApiFactory { Environment = environment };
        using var client = factory.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/chat", paths);
        Assert.Contains("/v1/chat/completions", paths);
        Assert.Contains("/v1/conversations/{id}", paths);
        Assert.Contains("/v1/info", paths);
        Assert.NotNull(document["paths"]!["/v1/chat"]!["post"]!["responses"]!["400"]);
    }

    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.NotFound)]
    public async Task Scalar_is_served_only_in_development(string environment, HttpStatusCode expected)
    {
        await using var factory = new ApiFactory { Environment = environment };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/scalar/");

        Assert.Equal(expected, response.StatusCode);
    }
}
