using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Tests.EndToEnd;

namespace AgentApp.Tests.Tasks.MultiAgent;

/// <summary>
/// Each orchestration mode on real daprd (its workflow engine, scheduler and placement) through the gateway of the
/// container-less AppHost, where <c>dapr init --slim</c> has been run. Skipped (not passed) elsewhere.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "RealDapr")]
public sealed class RealDaprMultiAgentTests(ContainerlessAppFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [RealDaprFact]
    public async Task Every_mode_runs_its_agents_as_a_workflow_on_daprd_and_succeeds()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var gateway = await fixture.CreateGatewayClientAsync();
        var expected = new Dictionary<string, string[]>
        {
            ["sequential"] = ["planner", "researcher", "writer", "reviewer"],
            ["concurrent"] = ["planner", "researcher", "writer"],
            ["orchestrated"] = ["planner", "researcher", "planner", "writer", "planner", "reviewer", "planner"],
        };

        foreach (var (mode, agents) in expected)
        {
            using var response = await gateway.PostAsJsonAsync("/v1/tasks", new { goal = "search the knowledge base for workflows", mode }, cts.Token);
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
            var id = JsonNode.Parse(body)!["taskId"]!.GetValue<string>();

            var task = await RealDaprTaskApprovalTests.WaitForStatusAsync(gateway, id, "succeeded", cts.Token);

            var turns = task["steps"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() == "agent").Select(s => s!["agent"]!.GetValue<string>()).ToList();
            // The fan-out's turns end in any order: compare concurrent runs as a multiset.
            IEnumerable<string> Arranged(IEnumerable<string> names) => mode == "concurrent" ? names.Order(StringComparer.Ordinal) : names;
            Assert.Equal(Arranged(agents), Arranged(turns));
        }
    }
}
