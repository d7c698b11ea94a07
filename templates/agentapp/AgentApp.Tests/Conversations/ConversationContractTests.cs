using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Conversations;

/// <summary>Conversation memory end to end through the Dapr actor protocol, with a fake sidecar and both apps in memory.</summary>
public sealed class ConversationContractTests(ContractFixture fixture) : IClassFixture<ContractFixture>
{
    private const string ActorType = "ConversationActor";

    [Fact]
    public async Task The_actor_host_registers_the_conversation_actor_with_daprd()
    {
        using var actors = fixture.Actors.CreateClient();

        var config = JsonNode.Parse(await actors.GetStringAsync("/dapr/config"))!;

        Assert.Contains(ActorType, config["entities"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Turns_are_remembered_and_read_back_in_order()
    {
        using var api = fixture.Api.CreateClient();
        var id = NewId();

        var first = await ChatAsync(api, id, "hello");
        var second = await ChatAsync(api, id, "what is 2 + 2?");
        var third = await ChatAsync(api, id, "and now?");

        Assert.Empty(first["warnings"]!.AsArray());
        Assert.Contains("2 + 2 = 4", second["reply"]!.GetValue<string>());
        Assert.Contains("2 earlier messages", third["reply"]!.GetValue<string>()); // the model saw the history
        var history = await Problems.OkJsonAsync(await api.GetAsync($"/v1/conversations/{id}"));
        var messages = history["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user", "tool", "assistant", "user", "assistant"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("calculate", messages[3]!["toolName"]!.GetValue<string>());
        Assert.Equal("hello", messages[0]!["text"]!.GetValue<string>());
        Assert.Equal(first["reply"]!.GetValue<string>(), messages[1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_streamed_turn_is_stored_before_done()
    {
        using var api = fixture.Api.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = "what time is it?" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var done = (await ServerSentEvents.ReadAllAsync(response)).Single(e => e.Type == "done").Json;

        var id = done["conversationId"]!.GetValue<string>();
        Assert.Empty(done["warnings"]!.AsArray());
        var history = await Problems.OkJsonAsync(await api.GetAsync($"/v1/conversations/{id}"));
        Assert.Equal(["user", "tool", "assistant"], history["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal(done["reply"]!.GetValue<string>(), history["messages"]![2]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_id_in_another_tenant_is_another_conversation_and_never_reveals_the_first()
    {
        using var owner = fixture.Api.CreateClient();
        using var other = fixture.Api.CreateClient();
        other.DefaultRequestHeaders.Add("X-Identity-Tenant", "tenant-b");
        var id = NewId();
        await ChatAsync(owner, id, "mine");

        // To tenant-b the id is unused: the same answers as for an id nobody ever used.
        await Problems.AssertAsync(await other.GetAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await other.DeleteAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);
        await ChatAsync(other, id, "theirs");

        var mine = await Problems.OkJsonAsync(await owner.GetAsync($"/v1/conversations/{id}"));
        var theirs = await Problems.OkJsonAsync(await other.GetAsync($"/v1/conversations/{id}"));
        Assert.Equal(["mine"], mine["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => m!["text"]!.GetValue<string>()));
        Assert.Equal(["theirs"], theirs["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => m!["text"]!.GetValue<string>()));
        Assert.Contains($"{ActorType}||development.{id}||conversation", fixture.Sidecar.State.Keys);
        Assert.Contains($"{ActorType}||tenant-b.{id}||conversation", fixture.Sidecar.State.Keys);
    }

    [Fact]
    public async Task Unknown_conversations_are_404_and_deleted_ones_are_gone_with_their_reminder()
    {
        using var api = fixture.Api.CreateClient();
        var id = NewId();
        await Problems.AssertAsync(await api.GetAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await api.DeleteAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);

        await ChatAsync(api, id, "hello");
        Assert.True(fixture.Sidecar.Reminders.ContainsKey($"{ActorType}||development.{id}||idle-expiry"));
        using var deleted = await api.DeleteAsync($"/v1/conversations/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problems.AssertAsync(await api.GetAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);
        Assert.False(fixture.Sidecar.Reminders.ContainsKey($"{ActorType}||development.{id}||idle-expiry"));
        Assert.DoesNotContain(fixture.Sidecar.State.Keys, k => k.StartsWith($"{ActorType}||development.{id}||", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_idle_reminder_deletes_a_conversation_nobody_touched_for_its_ttl()
    {
        using var api = fixture.Api.CreateClient();
        var id = NewId();
        await ChatAsync(api, id, "hello");
        var reminder = JsonNode.Parse(fixture.Sidecar.Reminders[$"{ActorType}||development.{id}||idle-expiry"])!;
        Assert.Equal("168h0m0s0ms", reminder["dueTime"]!.GetValue<string>()); // Conversations:IdleTimeToLive, 7 days
        Assert.True(reminder["period"] is null || reminder["period"]!.GetValue<string>() == "", reminder.ToJsonString());

        fixture.ActorsClock.Now += TimeSpan.FromDays(7);
        var status = await fixture.Sidecar.FireReminderAsync(ActorType, $"development.{id}", "idle-expiry");

        Assert.Equal(200, status);
        await Problems.AssertAsync(await api.GetAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_hundred_concurrent_turns_on_one_conversation_leave_exactly_200_messages()
    {
        using var api = fixture.Api.CreateClient();
        var id = NewId();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            api.PostAsJsonAsync("/v1/chat", new { conversationId = id, message = $"message {i}" })));

        foreach (var response in responses)
        {
            var body = await Problems.OkJsonAsync(response);
            Assert.Empty(body["warnings"]!.AsArray());
            response.Dispose();
        }

        var messages = (await Problems.OkJsonAsync(await api.GetAsync($"/v1/conversations/{id}")))["messages"]!.AsArray();
        Assert.Equal(0, (await Problems.OkJsonAsync(await api.GetAsync($"/v1/conversations/{id}")))["trimmedCount"]!.GetValue<int>());
        Assert.Equal(200, messages.Count(m => m!["role"]!.GetValue<string>() is "user" or "assistant"));
        Assert.Equal(200, messages.Count);
        var users = messages.Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => m!["text"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(100, users.Count); // every message once
        for (var i = 0; i < messages.Count; i += 2)
        {
            Assert.Equal("user", messages[i]!["role"]!.GetValue<string>()); // turns never interleave
            Assert.Equal("assistant", messages[i + 1]!["role"]!.GetValue<string>());
        }

        Assert.Equal(1, fixture.Sidecar.MaxInFlightPerActor);
    }

    private static string NewId() => $"c-{Guid.NewGuid():N}";

    private static async Task<JsonObject> ChatAsync(HttpClient api, string id, string message) =>
        await Problems.OkJsonAsync(await api.PostAsJsonAsync("/v1/chat", new { conversationId = id, message }));
}
