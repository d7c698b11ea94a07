using System.Diagnostics;
using System.Net;

namespace AgentApp.Tests.Conversations;

/// <summary>The conversation endpoints with no sidecar: 503 naming the fix, quickly; bad ids are 400 first.</summary>
public sealed class ConversationEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Without_a_sidecar_answers_503_naming_the_fix_within_seconds(string method)
    {
        using var client = factory.CreateClient();

        for (var attempt = 0; attempt < 2; attempt++) // the second one is answered from the cached verdict
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/v1/conversations/c-1"));

            var problem = await Problems.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("dapr init --slim", problem["detail"]!.GetValue<string>());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
    }

    [Theory]
    [InlineData("GET", "/v1/conversations/bad.id")]
    [InlineData("GET", "/v1/conversations/-leading-dash")]
    [InlineData("DELETE", "/v1/conversations/%20")]
    public async Task A_bad_id_is_a_400_naming_it(string method, string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "id");
    }
}
