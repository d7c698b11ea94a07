using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Agent;
using AgentApp.Agent.Offline;
using AgentApp.Testing;
using AgentApp.Tests.Tasks;
using AgentApp.Workflows.InMemory;
using DurableTask.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>
/// Tasks submitted through the api while the process that hosts their workflows is SIGKILLed and started again all end
/// <c>succeeded</c>, each exactly once; and a worker stopped gracefully hands its work to the other.
/// </summary>
/// <remarks>
/// "Killed" is a real SIGKILL of a real worker process (<see cref="WorkerProcess"/>): whatever it was doing stops mid-call,
/// it commits nothing more, never leaves its consumer group and never answers the workflow engine again. The engine (in
/// this process) plays daprd, which outlives its app, and keeps a ledger of every activity it handed out and every result
/// it accepted: a completed step is one whose result the engine accepted, and it must never be handed out again. The
/// restarted worker runs in this process so the test counts its model and tool calls; the victim's are read from its log.
/// </remarks>
[Trait("Category", "Scale")]
public sealed class WorkerKillTests
{
    private const int TaskCount = 200;
    private const int ModelCallsBeforeKill = 40;

    [Fact]
    public async Task Two_hundred_tasks_submitted_while_the_workflow_host_is_killed_and_restarted_all_succeed_exactly_once()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        using var kafka = new KafkaMock(("agent-tasks", 6), ("agent-events", 3), ("agent-tasks-dlq", 1));
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        var sidecar = backend.Sidecar;
        await using var api = backend.CreateTaskApi(kafka.BootstrapServers);
        using var client = api.CreateClient();
        var victim = new WorkerProcess(kafka.BootstrapServers, sidecar.Endpoint, new Dictionary<string, string>
        {
            ["DAPR_GRPC_ENDPOINT"] = engine.Endpoint,
            ["Logging__LogLevel__AgentApp.Worker.Tasks.Durable"] = "Information",
        });
        var survivorRuns = new ConcurrentDictionary<string, int>();
        WorkerFactory? survivor = null;
        try
        {
            // Half the tasks first; once the victim is well into them, the other half goes in while it is killed and restarted.
            var ids = new ConcurrentBag<string>();
            await SubmitAsync(client, ids, 0, TaskCount / 2, cts.Token);
            await Poll.UntilAsync(() => ModelCalls(engine) >= ModelCallsBeforeKill || victim.HasExited, cts.Token,
                () => $"the victim never got going:\n{victim.Output}");
            var submitting = SubmitAsync(client, ids, TaskCount / 2, TaskCount, cts.Token);
            await victim.KillAsync();
            var completedBeforeKill = ModelCalls(engine);
            var victimOutput = victim.Output;

            survivor = new WorkerFactory(kafka.BootstrapServers, sidecar.Endpoint, engine.Endpoint)
            {
                ConfigureServices = services => services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey,
                    new CountingChatClient(new OfflineChatClient(), survivorRuns)),
            };
            _ = survivor.Services;
            await submitting;
            Assert.Equal(TaskCount, ids.Distinct().Count());
            await Poll.UntilAsync(() => ids.All(id => Status(sidecar, id) == "succeeded"), cts.Token, () => Statuses(sidecar, ids) + "\n"
                + string.Join("\n", engine.Activities.Snapshot().GroupBy(a => a.Name).Select(g => $"{g.Key}: {g.Count()} activities, {g.Sum(a => a.Dispatches)} dispatched, "
                    + $"{g.Sum(a => a.Completions)} completed, {g.Sum(a => a.Abandoned)} handed over"))
                + $"\nworkflow turns (sent, answered, handed over): {engine.Activities.WorkflowTurns}"
                + $"\nbefore the kill: {completedBeforeKill} model calls; victim output:\n{victimOutput[..Math.Min(3000, victimOutput.Length)]}\nsurvivor:\n"
                + string.Join("\n", survivor.Logs.Lines.Where(l => l.Contains("rror", StringComparison.Ordinal) || l.Contains("xception", StringComparison.Ordinal)
                    || l.Contains("ail", StringComparison.Ordinal)).Take(30)));

            await WorkflowsEndedAsync(engine, ids);
            AssertExactlyOnce(sidecar, engine, ids, victimOutput + string.Join("\n", survivor.Logs.Lines));
            await AssertOneSucceededEventEachAsync(kafka, engine, ids, cts.Token);
            // It really was part-way: the victim completed calls before it died, the restarted worker finished the rest.
            Assert.True(completedBeforeKill < 2 * TaskCount, "every model call was done before the kill");
            Assert.True(survivorRuns.Count > 0, "the restarted worker ran no model call");
        }
        finally
        {
            victim.Dispose();
            if (survivor is not null)
            {
                await survivor.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_mid_run_hands_its_tasks_to_the_other_and_each_completes_once()
    {
        const int Count = 150;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        using var kafka = new KafkaMock(("agent-tasks", 6), ("agent-events", 3), ("agent-tasks-dlq", 1));
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        var sidecar = backend.Sidecar;
        await using var api = backend.CreateTaskApi(kafka.BootstrapServers);
        using var client = api.CreateClient();
        ConcurrentDictionary<string, int> runsOnStopped = new(), runsOnSurvivor = new();
        // A model that takes a moment, so calls are mid-flight when the stop comes.
        var stopped = Worker(kafka, sidecar, engine, runsOnStopped);
        await using var survivor = Worker(kafka, sidecar, engine, runsOnSurvivor);
        try
        {
            _ = stopped.Services;
            _ = survivor.Services;
            var ids = new ConcurrentBag<string>();
            var submitting = SubmitAsync(client, ids, 0, Count, cts.Token, "graceful");

            await Poll.UntilAsync(() => runsOnStopped.Count >= 20 || submitting.IsFaulted, cts.Token, () => "the first worker never got tasks");
            await stopped.DisposeAsync(); // graceful: the host's stop, as on SIGTERM
            var ranOnStopped = runsOnStopped.Count;
            await submitting;
            await Poll.UntilAsync(() => ids.All(id => Status(sidecar, id) == "succeeded"), cts.Token, () => Statuses(sidecar, ids));

            await WorkflowsEndedAsync(engine, ids);
            AssertExactlyOnce(sidecar, engine, ids, string.Join("\n", stopped.Logs.Lines.Concat(survivor.Logs.Lines)));
            // One attempt per task, and one more only where the stop cut its start step off and the engine handed it over.
            var startsHandedOver = engine.Activities.Snapshot().Where(a => a.Name == "StartTaskActivity").ToDictionary(a => a.Instance, a => a.Abandoned);
            Assert.All(ids, id => Assert.InRange(JsonNode.Parse(sidecar.State[$"TaskActor||{id}||task"])!["attempts"]!.GetValue<int>(),
                1, 1 + startsHandedOver.GetValueOrDefault(id)));
            await AssertOneSucceededEventEachAsync(kafka, engine, ids, cts.Token);
            Assert.True(ranOnStopped < Count && runsOnSurvivor.Count > 0, $"stopped worker ran {ranOnStopped}, survivor {runsOnSurvivor.Count}");
        }
        finally
        {
            await stopped.DisposeAsync();
        }
    }

    /// <summary>
    /// Exactly once, on every record: one completion that wrote a result per task; no activity handed out again once the
    /// engine had its result; and a model or tool call that ran more than once only where the engine had to hand it to
    /// another worker because the one that had it died or stopped before answering (so that run never completed).
    /// </summary>
    private static void AssertExactlyOnce(FakeDaprSidecar sidecar, InMemoryWorkflowEngine engine, IReadOnlyCollection<string> ids, string logs)
    {
        var completions = sidecar.Calls.Where(c => c.Method == "CompleteAsync" && c.Status == 200 && c.Response != "null")
            .GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(ids, id => Assert.Equal(1, completions.GetValueOrDefault(id)));

        var ledger = engine.Activities.Snapshot().Where(a => ids.Contains(a.Instance)).ToList();
        Assert.All(ledger, a => Assert.True(a.DispatchesAfterCompletion == 0 && a.Completions == 1,
            $"{a.Instance} #{a.TaskId} {a.Name}: {a.Dispatches} dispatch(es), {a.Completions} result(s), {a.DispatchesAfterCompletion} after its result"));
        var handedOver = ledger.Where(a => a.Abandoned > 0).Select(a => (a.Instance, a.Name)).ToHashSet();
        foreach (var (name, line) in new[] { ("CallModelActivity", ": model call "), ("CallToolActivity", ": tool call ") })
        {
            var runs = logs.Split('\n').Where(l => l.Contains(line, StringComparison.Ordinal) && l.Contains(" done", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf("Task t", StringComparison.Ordinal) + 5)..]).GroupBy(l => l).Where(g => g.Count() > 1);
            Assert.All(runs, g => Assert.True(handedOver.Contains((g.Key[..33], name)), $"ran {g.Count()} times without a hand-over: {g.Key}"));
        }
    }

    /// <summary>
    /// A task's last step records it succeeded before the engine has that step's result: the exactly-once checks read the
    /// engine's record, so they wait for it to hold the end of every task's workflow.
    /// </summary>
    private static Task WorkflowsEndedAsync(InMemoryWorkflowEngine engine, IEnumerable<string> ids) =>
        Poll.UntilAsync(async () => (await Task.WhenAll(ids.Select(id => engine.Instances.GetOrchestrationStateAsync(id, executionId: null))))
            .All(state => state?.OrchestrationStatus == OrchestrationStatus.Completed), "the engine to record the end of every task's workflow");

    private static async Task AssertOneSucceededEventEachAsync(KafkaMock kafka, InMemoryWorkflowEngine engine, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken)
    {
        var events = await kafka.ReadUntilAsync("agent-events", 3, read => read.Where(IsSucceeded).Select(m => m.Key).ToHashSet().IsSupersetOf(ids),
            cancellationToken);
        // A second event only where recording the result was cut off and done again (the event is published again then).
        var redone = engine.Activities.Snapshot().Where(a => a.Name == "CompleteTaskActivity" && a.Abandoned > 0).Select(a => a.Instance).ToHashSet();
        Assert.All(events.Where(IsSucceeded).GroupBy(m => m.Key), g => Assert.True(g.Count() == 1 || redone.Contains(g.Key), $"{g.Key}: {g.Count()} succeeded events"));
    }

    private static WorkerFactory Worker(KafkaMock kafka, FakeDaprSidecar sidecar, InMemoryWorkflowEngine engine, ConcurrentDictionary<string, int> runs) =>
        new(kafka.BootstrapServers, sidecar.Endpoint, engine.Endpoint)
        {
            ConfigureServices = services => services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey,
                new CountingChatClient(new OfflineChatClient(), runs, TimeSpan.FromMilliseconds(20))),
        };

    private static int ModelCalls(InMemoryWorkflowEngine engine) =>
        engine.Activities.Snapshot().Count(a => a.Name == "CallModelActivity" && a.Completions > 0);

    /// <summary>Submits tasks <paramref name="from"/> to <paramref name="to"/> (exclusive) on eight lanes; by default each asks for a sum (two model calls and a tool call).</summary>
    private static Task SubmitAsync(HttpClient client, ConcurrentBag<string> ids, int from, int to, CancellationToken cancellationToken, string? goal = null) =>
        Task.WhenAll(Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            for (var i = from + lane; i < to; i += 8)
            {
                using var response = await client.PostAsJsonAsync("/v1/tasks", new { goal = goal is null ? $"what is {i} + 1?" : $"{goal} {i}" }, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
                ids.Add(JsonNode.Parse(text)!["taskId"]!.GetValue<string>());
            }
        }, cancellationToken)));

    private static bool IsSucceeded(Confluent.Kafka.Message<string, string> message) =>
        message.Value.Contains("\"kind\":\"succeeded\"", StringComparison.Ordinal);

    private static string? Status(FakeDaprSidecar sidecar, string id) =>
        sidecar.State.TryGetValue($"TaskActor||{id}||task", out var json) ? JsonNode.Parse(json)?["status"]?.GetValue<string>() : null;

    private static string Statuses(FakeDaprSidecar sidecar, ConcurrentBag<string> ids) =>
        $"{ids.Count(id => Status(sidecar, id) != "succeeded")} task(s) not succeeded; statuses: "
        + string.Join(", ", ids.GroupBy(id => Status(sidecar, id)).Select(g => $"{g.Key ?? "none"}={g.Count()}"));

    /// <summary>Counts model calls per goal on the way to the offline model, once it answered (a call cut off produced nothing).</summary>
    private sealed class CountingChatClient(IChatClient inner, ConcurrentDictionary<string, int> runs, TimeSpan latency = default)
        : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken); // the model's think time, not synchronisation
            }

            var response = await base.GetResponseAsync(list, options, cancellationToken);
            runs.AddOrUpdate(list.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? "", 1, (_, n) => n + 1);
            return response;
        }
    }
}
