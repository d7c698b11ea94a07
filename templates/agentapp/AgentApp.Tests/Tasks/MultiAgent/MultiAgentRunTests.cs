using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Tests.Gateway;
using AgentApp.Tests.Tasks;

namespace AgentApp.Tests.Tasks.MultiAgent;

/// <summary>
/// Each orchestration mode end to end on the offline model: submitted through the real gateway, run as its workflow by
/// the worker on a real workflow engine. Every agent turn shows in <c>GET /v1/tasks/{id}</c>, in the SSE stream and on
/// <c>agent-events</c> (each event valid against the schema), all in the trace the caller started at the gateway.
/// </summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class MultiAgentRunTests(EdgeFixture edge, MultiAgentFixture fixture) : IClassFixture<MultiAgentFixture>
{
    private const string KeySecret = "multi-agent-key-0123456789abcdef";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    public static TheoryData<string, string[]> Modes => new()
    {
        // The default teams: a chain; a fan-out of two merged by the writer; the planner picking each next speaker until DONE.
        { "sequential", ["planner", "researcher", "writer", "reviewer"] },
        { "concurrent", ["planner|researcher", "planner|researcher", "writer"] },
        { "orchestrated", ["planner", "researcher", "planner", "writer", "planner", "reviewer", "planner"] },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Each_mode_succeeds_through_the_gateway_with_every_agent_turn_in_the_task_the_stream_and_agent_events_in_one_trace(
        string mode, string[] turns)
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var gateway = Gateway(out var client);
        using var caller = StartCallerSpan();

        var id = await SubmitAsync(client, new { goal = "search the knowledge base for how tasks run", mode }, cts.Token);
        using var stream = await TaskEventReader.OpenAsync(client, id, "0", cts.Token);
        var streamed = await stream.Completion.WaitAsync(cts.Token);
        var task = await Problems.OkJsonAsync(await client.GetAsync($"/v1/tasks/{id}", cts.Token));
        var events = await AgentEventsAsync(id, cts.Token);

        // The task: succeeded, one agent step per turn, in order (the fan-out's two in either order).
        Assert.Equal("succeeded", task["status"]!.GetValue<string>());
        var steps = task["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal("started", steps[0]["kind"]!.GetValue<string>());
        Assert.Equal("succeeded", steps[^1]["kind"]!.GetValue<string>());
        var agentSteps = steps.Where(s => s["kind"]!.GetValue<string>() == "agent").ToList();
        AssertTurns(turns, agentSteps.Select(s => s["agent"]!.GetValue<string>()).ToList());
        var last = agentSteps.Last(s => s["agent"]!.GetValue<string>() != "planner" || mode != "orchestrated");
        Assert.StartsWith(task["result"]!.GetValue<string>()[..40], last["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The stream: the same steps, agent turns as progress events naming the agent.
        Assert.Equal(steps.Select(s => s["sequence"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)), streamed.Select(e => e.Id));
        Assert.Equal(agentSteps.Select(s => s["agent"]!.GetValue<string>()),
            streamed.Where(e => e.Json["kind"]!.GetValue<string>() == "agent").Select(e => e.Json["agent"]!.GetValue<string>()));
        Assert.All(streamed.Where(e => e.Json["kind"]!.GetValue<string>() == "agent"), e => Assert.Equal("progress", e.Type));

        // agent-events: one CloudEvent per step, schema-valid, the agent as source, its usage attributed to it.
        Assert.All(events, e => Assert.Empty(SchemaFiles.Errors(SchemaFiles.AgentEvent, e)));
        Assert.Equal(steps.Select(s => $"{id}-{s["sequence"]}"), events.Select(e => e["id"]!.GetValue<string>()));
        var turnEvents = events.Where(e => e["type"]!.GetValue<string>() == "agentapp.agent.turn").ToList();
        Assert.Equal(agentSteps.Select(s => "agents/" + s["agent"]!.GetValue<string>()), turnEvents.Select(e => e["source"]!.GetValue<string>()));
        Assert.All(turnEvents, e => Assert.True(e["data"]!["usage"]!["outputTokens"]!.GetValue<long>() > 0, e.ToJsonString()));
        Assert.All(events.Except(turnEvents), e => Assert.Equal("worker", e["source"]!.GetValue<string>()));

        // One trace: the gateway's request, every event's trace context, and each agent turn's spans.
        var traceId = caller.TraceId.ToHexString();
        Assert.All(events, e => Assert.Equal(traceId, e["traceparent"]!.GetValue<string>().Split('-')[1]));
        await Poll.UntilAsync(() => AgentSpans(caller.TraceId, "agent turn ").Count == agentSteps.Count
                && AgentSpans(caller.TraceId, "invoke_agent ").Count == agentSteps.Count, cts.Token,
            () => "spans in the trace: " + string.Join(", ", fixture.WorkerSpans.Snapshot().Where(s => s.TraceId == caller.TraceId).Select(s => s.DisplayName)));
        Assert.Equal(agentSteps.Select(s => s["agent"]!.GetValue<string>()).Order(),
            AgentSpans(caller.TraceId, "invoke_agent ").Select(s => (string)s.GetTagItem("gen_ai.agent.name")!).Order());
        Assert.Contains(fixture.ApiSpans.Snapshot(), s => s.TraceId == caller.TraceId && s.Kind == ActivityKind.Server
            && s.DisplayName.StartsWith("POST /v1/tasks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_in_a_conversation_gives_its_agents_the_history_and_appends_its_answer()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var gateway = Gateway(out var client);
        var conversation = "agents-" + Guid.NewGuid().ToString("N")[..12];

        var first = await RunAsync(client, new { goal = "search the knowledge base for actors", mode = "sequential", conversationId = conversation }, cts.Token);
        var second = await RunAsync(client, new { goal = "search the knowledge base for workflows", mode = "sequential", conversationId = conversation }, cts.Token);
        var history = await Problems.OkJsonAsync(await client.GetAsync($"/v1/conversations/{conversation}", cts.Token));

        Assert.DoesNotContain("earlier message", First(first, "planner"), StringComparison.Ordinal);
        Assert.Contains("I can see 2 earlier message(s) of this conversation", First(second, "planner"), StringComparison.Ordinal);
        Assert.Equal(
            [("user", "search the knowledge base for actors"), ("assistant", first["result"]!.GetValue<string>()),
             ("user", "search the knowledge base for workflows"), ("assistant", second["result"]!.GetValue<string>())],
            history["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), m["text"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_task_naming_its_team_runs_those_agents_in_that_order()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        await using var gateway = Gateway(out var client);

        var task = await RunAsync(client, new { goal = "search the knowledge base for the gateway", mode = "sequential", agents = new[] { "researcher", "reviewer" } }, cts.Token);

        Assert.Equal(["researcher", "reviewer"], task["steps"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() == "agent").Select(s => s!["agent"]!.GetValue<string>()));
        Assert.StartsWith("Final answer (reviewed by the offline reviewer, approved): Findings for", task["result"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private GatewayInstance Gateway(out HttpClient client)
    {
        var gateway = new GatewayInstance(edge.Settings([("ReverseProxy:Clusters:api:Destinations:api:Address", fixture.ApiUrl),
            .. EdgeFixture.Key("agents", KeySecret, EdgeFixture.NewTenant("agents"), ["tasks", "conversations"])]));
        client = gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", KeySecret);
        return gateway;
    }

    private static Activity StartCallerSpan()
    {
        // The caller's own span: the test's HttpClient starts its client span under it, so the whole trace is the caller's.
        var caller = new Activity("test caller");
        caller.SetIdFormat(ActivityIdFormat.W3C);
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return caller.Start();
    }

    private static async Task<string> SubmitAsync(HttpClient client, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/v1/tasks", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["taskId"]!.GetValue<string>();
    }

    private static async Task<JsonObject> RunAsync(HttpClient client, object body, CancellationToken cancellationToken)
    {
        var id = await SubmitAsync(client, body, cancellationToken);
        using var stream = await TaskEventReader.OpenAsync(client, id, "0", cancellationToken);
        await stream.Completion.WaitAsync(cancellationToken);
        var task = await Problems.OkJsonAsync(await client.GetAsync($"/v1/tasks/{id}", cancellationToken));
        Assert.True(task["status"]!.GetValue<string>() == "succeeded", task.ToJsonString());
        return task;
    }

    private static string First(JsonObject task, string agent) =>
        task["steps"]!.AsArray().First(s => s!["agent"]?.GetValue<string>() == agent)!["detail"]!.GetValue<string>();

    // "a|b" at a position: either agent may be there (the fan-out's turns end in any order), each once.
    private static void AssertTurns(string[] expected, List<string> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        var choices = expected.Select(e => e.Split('|')).ToList();
        Assert.All(actual.Select((agent, i) => (agent, i)), a => Assert.Contains(a.agent, choices[a.i]));
        Assert.Equal(expected.Where(e => e.Contains('|', StringComparison.Ordinal)).Distinct().SelectMany(e => e.Split('|')).Order(),
            actual.Where((_, i) => choices[i].Length > 1).Order());
    }

    private async Task<List<JsonObject>> AgentEventsAsync(string taskId, CancellationToken cancellationToken)
    {
        static List<JsonObject> Of(IEnumerable<Confluent.Kafka.Message<string, string>> read, string taskId) =>
            [.. read.Where(m => m.Key == taskId).Select(m => JsonNode.Parse(m.Value)!.AsObject())];

        var read = await fixture.Kafka.ReadUntilAsync("agent-events", 3,
            messages => Of(messages, taskId).Any(e => e["data"]?["kind"]?.GetValue<string>() is "succeeded" or "failed"), cancellationToken);
        return [.. Of(read, taskId).OrderBy(e => e["sequence"]!.GetValue<int>())];
    }

    private List<Activity> AgentSpans(ActivityTraceId traceId, string prefix) =>
        [.. fixture.WorkerSpans.Snapshot().Where(s => s.TraceId == traceId && s.DisplayName.StartsWith(prefix, StringComparison.Ordinal)).DistinctBy(s => s.SpanId)];
}
