using AgentApp.Tests.Tasks;

namespace AgentApp.Tests.Tasks.MultiAgent;

/// <summary>
/// Why each agent turn is an activity: the worker running a sequential run is SIGKILLed while the third agent's turn is
/// being recorded, and started again. The finished turns are replayed from the workflow's history, not asked again; only
/// the turn that was cut off runs again, and every agent's turn is recorded once.
/// </summary>
[Trait("Category", "Scale")]
public sealed class MultiAgentKillTests
{
    [Fact]
    public async Task Killed_during_the_third_turn_a_sequential_run_resumes_and_asks_no_finished_agent_again()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The third turn's step (the writer's) is held until the worker is dead, then refused: that turn never finished.
        await using var kill = await WorkflowHostKill.StartAsync("RecordStepAsync", heldCall: 3);

        var (id, victimOutput) = await kill.SubmitAndKillAsync(new { goal = "search the knowledge base for actors", mode = "sequential" },
            "AgentApp.Worker.Tasks.MultiAgent", id => $"Task {id}: writer took a turn", cts.Token);
        await using var survivor = await kill.RestartUntilSucceededAsync(id);

        var survived = string.Join("\n", survivor.Logs.Lines);
        Assert.Equal((1, 0), (Occurrences(victimOutput, $"Task {id}: planner took a turn"), Occurrences(survived, $"Task {id}: planner took a turn")));
        Assert.Equal((1, 0), (Occurrences(victimOutput, $"Task {id}: researcher took a turn"), Occurrences(survived, $"Task {id}: researcher took a turn")));
        Assert.Equal((1, 1), (Occurrences(victimOutput, $"Task {id}: writer took a turn"), Occurrences(survived, $"Task {id}: writer took a turn")));
        Assert.Equal((0, 1), (Occurrences(victimOutput, $"Task {id}: reviewer took a turn"), Occurrences(survived, $"Task {id}: reviewer took a turn")));
        var task = Assert.IsType<AgentApp.Contracts.AgentTask>(await kill.Backend.Actor(id).GetAsync("development"));
        Assert.Equal(["planner", "researcher", "writer", "reviewer"], task.Steps.Where(s => s.Kind == "agent").Select(s => s.Agent));
        Assert.StartsWith("Final answer (reviewed by the offline reviewer, approved): Draft answer to", task.Result, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string line) => WorkflowHostKill.Occurrences(text, line);
}
