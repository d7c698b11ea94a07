using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Tests.Tasks;

namespace AgentApp.Tests.Tasks.MultiAgent;

/// <summary><c>POST /v1/tasks</c> with a <c>mode</c> and <c>agents</c>: checked at submit, carried on the task message.</summary>
public sealed class TaskModeValidationTests(TaskEndpointFixture fixture) : IClassFixture<TaskEndpointFixture>
{
    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """{"goal":"g","mode":"parallel"}""", "mode", "'mode' is one of sequential, concurrent, orchestrated" },
        { """{"goal":"g","mode":"Sequential"}""", "mode", "'mode' is one of sequential, concurrent, orchestrated" },
        { """{"goal":"g","mode":"sequential","agents":["planner","ghost"]}""", "agents[1]", "There is no agent 'ghost'. The agents are: planner, researcher, reviewer, writer." },
        { """{"goal":"g","mode":"orchestrated","agents":[null]}""", "agents[0]", "An agent is named by a string." },
        { """{"goal":"g","agents":["planner"]}""", "agents", "'agents' names a team for a 'mode'" },
        { """{"goal":"g","mode":"concurrent","agents":["planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner","planner"]}""", "agents", "'agents' names at most 16 agents." },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_mode_or_agent_is_a_400_naming_the_field_and_nothing_is_queued(string body, string field, string message)
    {
        using var api = fixture.Api.CreateClient();
        var before = fixture.Queue.Messages.Count;

        var problem = await Problems.AssertAsync(await api.PostAsync("/v1/tasks", new StringContent(body, System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, field);

        Assert.StartsWith(message, problem["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Queue.Messages.Count);
    }

    [Fact]
    public async Task A_mode_and_team_travel_on_the_task_message()
    {
        using var api = fixture.Api.CreateClient();

        using var response = await api.PostAsJsonAsync("/v1/tasks", new { goal = "compare", mode = "concurrent", agents = new[] { "researcher", "planner" } });
        using var plain = await api.PostAsJsonAsync("/v1/tasks", new { goal = "alone" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var id = JsonNode.Parse(text)!["taskId"]!.GetValue<string>();
        var message = Assert.Single(fixture.Queue.Messages, m => m.TaskId == id);
        Assert.Equal("concurrent", message.Mode);
        Assert.Equal(["researcher", "planner"], message.Agents!);
        var alone = JsonNode.Parse(await plain.Content.ReadAsStringAsync())!["taskId"]!.GetValue<string>();
        Assert.Equal((null, null), (Assert.Single(fixture.Queue.Messages, m => m.TaskId == alone).Mode, fixture.Queue.Messages.Single(m => m.TaskId == alone).Agents));
    }
}
