using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Contracts;

namespace AgentApp.Tests.Tasks;

/// <summary><c>GET /v1/tasks/{id}/events</c> over real HTTP: snapshots, exact replays from <c>Last-Event-ID</c>, heartbeats, disconnects.</summary>
public sealed class TaskEventStreamTests(TaskEventStreamFixture fixture) : IClassFixture<TaskEventStreamFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Live_and_resumed_streams_replay_every_step_once_in_order_and_close_when_the_task_ends()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.CreateClient();
        var id = await SubmitAsync(api);
        var actor = fixture.Actor(id);
        await actor.StartAsync(new StartTaskRequest("w1"));                            // 1
        await actor.RecordStepAsync(new RecordStepRequest("tool", "calculate"));       // 2

        using var live = await TaskEventReader.OpenAsync(api, id, null, cts.Token);
        using var resumed = await TaskEventReader.OpenAsync(api, id, "1", cts.Token);
        await live.WaitForAsync(e => e.Type == "snapshot", cts.Token);
        await resumed.WaitForAsync(e => e.Id == "2", cts.Token);
        await actor.RecordStepAsync(new RecordStepRequest("retry", "attempt 1 failed"));   // 3
        await actor.StartAsync(new StartTaskRequest("w2"));                                // 4
        await actor.RecordStepAsync(new RecordStepRequest("tool", "search_knowledge"));     // 5
        await actor.CompleteAsync(new CompleteTaskRequest(true, "done", null));            // 6

        var liveEvents = await live.Completion.WaitAsync(cts.Token);
        var resumedEvents = await resumed.Completion.WaitAsync(cts.Token);

        Assert.Equal(["2", "3", "4", "5", "6"], liveEvents.Select(e => e.Id));
        Assert.Equal(("snapshot", "running", 2), (liveEvents[0].Type, liveEvents[0].Json["status"]!.GetValue<string>(), liveEvents[0].Json["steps"]!.AsArray().Count));
        Assert.Equal(["2", "3", "4", "5", "6"], resumedEvents.Select(e => e.Id));
        Assert.Equal(["progress", "progress", "status", "progress", "result"], resumedEvents.Select(e => e.Type));
        Assert.Equal(liveEvents.Skip(1).Select(e => e.Data), resumedEvents.Skip(1).Select(e => e.Data)); // the same events, byte for byte
        var last = resumedEvents[^1].Json;
        Assert.Equal((id, 6, "succeeded", "succeeded"), (last["taskId"]!.GetValue<string>(), last["sequence"]!.GetValue<int>(),
            last["kind"]!.GetValue<string>(), last["status"]!.GetValue<string>()));

        // After the end, a replay is exact from any point and closes at once.
        Assert.Equal(["1", "2", "3", "4", "5", "6"], (await ReadAllAsync(api, id, "0", cts.Token)).Select(e => e.Id));
        Assert.Equal(["4", "5", "6"], (await ReadAllAsync(api, id, "3", cts.Token)).Select(e => e.Id));
        Assert.Empty(await ReadAllAsync(api, id, "6", cts.Token));
        Assert.Equal(["snapshot"], (await ReadAllAsync(api, id, null, cts.Token)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_client_that_drops_and_reconnects_with_its_last_id_misses_nothing_and_repeats_nothing()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.CreateClient();
        var id = await SubmitAsync(api);
        var actor = fixture.Actor(id);
        var first = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await actor.StartAsync(new StartTaskRequest("w1"));
        await actor.RecordStepAsync(new RecordStepRequest("tool", "calculate"));
        await first.WaitForAsync(e => e.Id == "2", cts.Token);

        first.Dispose(); // the connection drops
        await fixture.Logs.WaitForAsync($"Event stream of task {id} closed: the client disconnected", 1, cts.Token);
        var seen = first.Events.Where(e => e.Id is not null).ToList();
        await actor.RecordStepAsync(new RecordStepRequest("tool", "get_current_time"));
        await actor.CancelAsync(new CancelTaskRequest("development", "cancelled by ana"));
        var rest = await ReadAllAsync(api, id, seen[^1].Id, cts.Token);

        Assert.Equal(["1", "2", "3", "4"], seen.Concat(rest).Select(e => e.Id));
        Assert.Equal(["status", "progress", "progress", "status"], seen.Concat(rest).Select(e => e.Type));
        Assert.Equal("cancelled", rest[^1].Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.CreateClient();
        var id = await SubmitAsync(api);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{id}/events");
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var lines = new List<string>();
        while (lines.Count(l => l == ": heartbeat") < 2)
        {
            lines.Add(await reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException($"stream ended: {string.Join('|', lines)}"));
        }

        Assert.Equal(["id: 0", "event: snapshot"], lines.Take(2));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Other_tenants_get_404_and_a_bad_last_event_id_is_400_naming_it()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.CreateClient();
        using var other = fixture.CreateClient("tenant-b");
        var id = await SubmitAsync(api);

        await Problems.AssertAsync(await other.GetAsync($"/v1/tasks/{id}/events", cts.Token), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await api.GetAsync($"/v1/tasks/t{Guid.NewGuid():N}/events", cts.Token), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await api.GetAsync("/v1/tasks/nope/events", cts.Token), HttpStatusCode.BadRequest, "id");
        using var bad = new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{id}/events");
        bad.Headers.Add("Last-Event-ID", "-3");
        await Problems.AssertAsync(await api.SendAsync(bad, cts.Token), HttpStatusCode.BadRequest, "Last-Event-ID");
    }

    private static async Task<List<TaskStreamEvent>> ReadAllAsync(HttpClient api, string id, string? lastEventId, CancellationToken cancellationToken)
    {
        using var reader = await TaskEventReader.OpenAsync(api, id, lastEventId, cancellationToken);
        return await reader.Completion.WaitAsync(cancellationToken);
    }

    private static async Task<string> SubmitAsync(HttpClient api)
    {
        using var response = await api.PostAsJsonAsync("/v1/tasks", new { goal = "what is 2 + 2?" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["taskId"]!.GetValue<string>();
    }
}
