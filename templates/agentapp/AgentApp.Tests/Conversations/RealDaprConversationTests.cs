using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;

namespace AgentApp.Tests.Conversations;

/// <summary>
/// Conversation memory against real daprd sidecars (with placement and a real state store), through the gateway of the
/// container-less AppHost: where <c>dapr init --slim</c> has been run. Skipped (not passed) elsewhere.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "RealDapr")]
public sealed class RealDaprConversationTests(ContainerlessAppFixture fixture)
{
    [RealDaprFact]
    public async Task Turns_are_remembered_serialised_and_deleted_through_real_sidecars()
    {
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");
        var id = $"real-{Guid.NewGuid():N}";

        var first = await Problems.OkJsonAsync(await gateway.PostAsJsonAsync("/v1/chat", new { conversationId = id, message = "hello" }));
        Assert.Empty(first["warnings"]!.AsArray());
        var turns = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            gateway.PostAsJsonAsync("/v1/chat", new { conversationId = id, message = $"message {i}" })));
        foreach (var turn in turns)
        {
            await Problems.OkJsonAsync(turn);
            turn.Dispose();
        }

        var history = await Problems.OkJsonAsync(await gateway.GetAsync($"/v1/conversations/{id}"));
        Assert.Equal(42, history["messages"]!.AsArray().Count);

        using var deleted = await gateway.DeleteAsync($"/v1/conversations/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problems.AssertAsync(await gateway.GetAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);
    }
}
