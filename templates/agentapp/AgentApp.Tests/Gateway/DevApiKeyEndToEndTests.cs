using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using AgentApp.Tests.EndToEnd;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// The real AppHost's edge wiring: <c>/v1/info</c> is public metadata (anonymous at the edge, see
/// <see cref="ContainerlessStartTests"/>), every other route needs a credential, and the generated <c>dev-api-key</c>
/// parameter is one.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DevApiKeyEndToEndTests(ContainerlessAppFixture fixture)
{
    [Fact]
    public async Task Routes_other_than_info_need_a_key()
    {
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        using var response = await gateway.GetAsync("/v1/conversations/none");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
    }

    [Fact]
    public async Task The_generated_dev_api_key_passes_the_edge()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var key = await fixture.DevApiKeyAsync();
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = "hello" }) };
        request.Headers.Add("X-Api-Key", key);

        using var response = await gateway.SendAsync(request, cts.Token);

        // The edge let the development tenant through, and the api (which needs the gateway's secret) answered it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
