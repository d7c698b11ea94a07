using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Tasks;

/// <summary><c>POST /v1/tasks</c> and <c>GET /v1/tasks/{id}</c> through the fake sidecar to real task actors.</summary>
public sealed class TaskEndpointTests(TaskEndpointFixture fixture) : IClassFixture<TaskEndpointFixture>
{
    [Fact]
    public async Task A_submission_is_accepted_queued_enqueued_and_readable_at_its_location()
    {
        using var api = fixture.Api.CreateClient();

        using var response = await api.PostAsJsonAsync("/v1/tasks", new { goal = "  what is 2 + 2?  ", conversationId = "conv-1" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var id = body["taskId"]!.GetValue<string>();
        Assert.Equal("queued", body["status"]!.GetValue<string>());
        Assert.Equal($"/v1/tasks/{id}", response.Headers.Location!.OriginalString);
        var message = Assert.Single(fixture.Queue.Messages, m => m.TaskId == id);
        Assert.Equal(("development", "what is 2 + 2?", "conv-1"), (message.Tenant, message.Goal, message.ConversationId));
        var task = await Problems.OkJsonAsync(await api.GetAsync(response.Headers.Location));
        Assert.Equal((id, "queued", "what is 2 + 2?", "conv-1"),
            (task["taskId"]!.GetValue<string>(), task["status"]!.GetValue<string>(), task["goal"]!.GetValue<string>(), task["conversationId"]!.GetValue<string>()));
        Assert.Empty(task["steps"]!.AsArray());
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_task_once_per_tenant()
    {
        using var api = fixture.Api.CreateClient();
        using var other = fixture.Api.CreateClient();
        other.DefaultRequestHeaders.Add("X-Identity-Tenant", "tenant-b");
        var key = Guid.NewGuid().ToString();

        var first = await AcceptedIdAsync(await api.PostAsJsonAsync("/v1/tasks", new { goal = "report", idempotencyKey = key }));
        var second = await AcceptedIdAsync(await api.PostAsJsonAsync("/v1/tasks", new { goal = "report", idempotencyKey = key }));
        var otherTenants = await AcceptedIdAsync(await other.PostAsJsonAsync("/v1/tasks", new { goal = "report", idempotencyKey = key }));

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherTenants);
        Assert.Single(fixture.Queue.Messages, m => m.TaskId == first);
        await Problems.AssertAsync(await api.PostAsJsonAsync("/v1/tasks", new { goal = "something else", idempotencyKey = key }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_tenant_and_unknown_ids_get_404()
    {
        using var owner = fixture.Api.CreateClient();
        using var other = fixture.Api.CreateClient();
        other.DefaultRequestHeaders.Add("X-Identity-Tenant", "tenant-b");
        var id = await AcceptedIdAsync(await owner.PostAsJsonAsync("/v1/tasks", new { goal = "mine" }));

        await Problems.AssertAsync(await other.GetAsync($"/v1/tasks/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await owner.GetAsync($"/v1/tasks/t{Guid.NewGuid():N}"), HttpStatusCode.NotFound);
        await Problems.OkJsonAsync(await owner.GetAsync($"/v1/tasks/{id}"));
    }

    [Theory]
    [InlineData("{}", "goal")]
    [InlineData("""{"goal":"   "}""", "goal")]
    [InlineData("""{"goal":"x","conversationId":"../etc"}""", "conversationId")]
    [InlineData("""{"goal":"x","idempotencyKey":""}""", "idempotencyKey")]
    public async Task Bad_submissions_are_400_naming_the_field(string json, string field)
    {
        using var api = fixture.Api.CreateClient();

        using var response = await api.PostAsync("/v1/tasks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Malformed_bodies_and_ids_are_400()
    {
        using var api = fixture.Api.CreateClient();

        await Problems.AssertAsync(await api.PostAsync("/v1/tasks", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await api.GetAsync("/v1/tasks/not-a-task"), HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task A_task_that_cannot_be_enqueued_is_503_and_marked_failed()
    {
        using var api = fixture.Api.CreateClient();
        var queue = new RecordingTaskQueue { Failure = new InvalidOperationException("broker down") };
        await using var failing = fixture.Api.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<AgentApp.Messaging.ITaskQueue>(queue)));
        using var client = failing.CreateClient();
        var key = Guid.NewGuid().ToString();

        var problem = await Problems.AssertAsync(await client.PostAsJsonAsync("/v1/tasks", new { goal = "x", idempotencyKey = key }),
            HttpStatusCode.ServiceUnavailable);

        Assert.Contains("broker down", problem["detail"]!.GetValue<string>());
        var again = JsonNode.Parse(await (await client.PostAsJsonAsync("/v1/tasks", new { goal = "x", idempotencyKey = key })).Content.ReadAsStringAsync())!;
        Assert.Equal("failed", again["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_sidecar_both_endpoints_answer_503_naming_the_fix_within_seconds()
    {
        await using var factory = new ApiFactory(); // sidecar address: a closed loopback port
        using var api = factory.CreateClient();
        var clock = Stopwatch.StartNew();

        var submit = await Problems.AssertAsync(await api.PostAsJsonAsync("/v1/tasks", new { goal = "x" }), HttpStatusCode.ServiceUnavailable);
        var read = await Problems.AssertAsync(await api.GetAsync($"/v1/tasks/t{Guid.NewGuid():N}"), HttpStatusCode.ServiceUnavailable);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("dapr init --slim", submit["detail"]!.GetValue<string>());
        Assert.Contains("dapr init --slim", read["detail"]!.GetValue<string>());
    }

    private static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["taskId"]!.GetValue<string>();
    }
}
