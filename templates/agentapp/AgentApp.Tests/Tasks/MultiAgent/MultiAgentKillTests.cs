using AgentApp.Testing;
using AgentApp.Tests.Tasks;
using AgentApp.Workflows.InMemory;

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
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        using var kafka = new KafkaMock(("agent-tasks", 3), ("agent-events", 3), ("agent-tasks-dlq", 1));
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        await using var api = backend.CreateTaskApi(kafka.BootstrapServers);
        api.Settings["DaprSidecar:ProbeTimeout"] = "00:00:10";
        using var client = api.CreateClient();
        // The third turn's step (the writer's) is held until the worker is dead, then refused: that turn never finished.
        var held = new TaskCompletionSource();
        var killed = new TaskCompletionSource();
        var steps = 0;
        backend.Sidecar.BeforeForward = async (_, _, method) =>
        {
            if (method != "RecordStepAsync" || killed.Task.IsCompleted || Interlocked.Increment(ref steps) < 3)
            {
                return true;
            }

            held.TrySetResult();
            await killed.Task;
            return false;
        };
        var settings = new Dictionary<string, string>
        {
            ["DAPR_GRPC_ENDPOINT"] = engine.Endpoint,
            ["Logging__LogLevel__AgentApp.Worker.Tasks.MultiAgent"] = "Information",
        };

        string id;
        string victimOutput;
        using (var victim = new WorkerProcess(kafka.BootstrapServers, backend.Sidecar.Endpoint, settings))
        {
            id = await TaskCalls.SubmitAsync(client, new { goal = "search the knowledge base for actors", mode = "sequential" });
            await held.Task.WaitAsync(cts.Token);
            await Poll.UntilAsync(() => victim.Output.Contains($"Task {id}: writer took a turn", StringComparison.Ordinal), cts.Token,
                () => $"the victim never finished the writer's model call:\n{victim.Output}");
            await victim.KillAsync();
            victimOutput = victim.Output;
            killed.SetResult();
        }

        await using var survivor = new WorkerFactory(kafka.BootstrapServers, backend.Sidecar.Endpoint, engine.Endpoint);
        _ = survivor.Services;
        await Poll.UntilAsync(async () => (await backend.Actor(id).GetAsync("development"))?.Status == "succeeded", "the task to succeed after the restart",
            TimeSpan.FromMinutes(2));

        var survived = string.Join("\n", survivor.Logs.Lines);
        Assert.Equal((1, 0), (Occurrences(victimOutput, $"Task {id}: planner took a turn"), Occurrences(survived, $"Task {id}: planner took a turn")));
        Assert.Equal((1, 0), (Occurrences(victimOutput, $"Task {id}: researcher took a turn"), Occurrences(survived, $"Task {id}: researcher took a turn")));
        Assert.Equal((1, 1), (Occurrences(victimOutput, $"Task {id}: writer took a turn"), Occurrences(survived, $"Task {id}: writer took a turn")));
        Assert.Equal((0, 1), (Occurrences(victimOutput, $"Task {id}: reviewer took a turn"), Occurrences(survived, $"Task {id}: reviewer took a turn")));
        var task = Assert.IsType<AgentApp.Contracts.AgentTask>(await backend.Actor(id).GetAsync("development"));
        Assert.Equal(["planner", "researcher", "writer", "reviewer"], task.Steps.Where(s => s.Kind == "agent").Select(s => s.Agent));
        Assert.StartsWith("Final answer (reviewed by the offline reviewer, approved): Draft answer to", task.Result, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string line) => text.Split(line).Length - 1;
}
