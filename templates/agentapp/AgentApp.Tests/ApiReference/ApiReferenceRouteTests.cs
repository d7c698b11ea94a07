using System.Net;

namespace AgentApp.Tests.ApiReference;

/// <summary>
/// The api's OpenAPI document and Scalar page go through the gateway in Development only (the container-less end-to-end
/// tests show them served there); a production gateway has no such routes.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class ApiReferenceRouteTests(EdgeFixture fixture)
{
    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/")]
    public async Task A_production_gateway_does_not_route_the_api_reference(string path)
    {
        using var gateway = new GatewayInstance(fixture.Settings());
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
