using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using AgentApp.Agent.Offline;
using AgentApp.Agent;
using AgentApp.Testing;
using AgentApp.Tests.Api;
using AgentApp.Tests.Contract;
using AgentApp.Tests.Support;
using AgentApp.Tests.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Worker;

/// <summary>
/// 1,000 tasks submitted through the api while one of two workers in the same consumer group (same
/// broker, same sidecar) is killed part-way all end <c>succeeded</c>, each exactly once; and a worker stopped gracefully
/// finishes what it is running and hands the rest to the other through the rebalance.
/// </summary>
/// <remarks>
/// "Killed" is a real SIGKILL of a real worker process (<see cref="WorkerProcess"/>): whatever it was doing stops mid-call,
/// it commits nothing more and never leaves the group, so its partitions move only when the broker's session timeout
/// expires, exactly as after a crash. An in-process "kill" (cancelling a host) would still run the worker's finally blocks
/// (hand back, leave the group), which is graceful shutdown, not a crash. The survivor runs in this process so the test can
/// count its agent runs; effects of both are counted where they land: the task actors' completions in the sidecar and the
/// final events on <c>agent-events</c>.
/// </remarks>
[Trait("Category", "Scale")]
public sealed class WorkerKillTests
{
    private const int TaskCount = 1000;
    private const int StartedOnVictimBeforeKill = 25;

    [Fact]
    public async Task A_thousand_tasks_submitted_while_one_of_two_workers_is_killed_all_succeed_exactly_once()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        using var kafka = new KafkaMock(("agent-tasks", 6), ("agent-events", 3), ("agent-tasks-dlq", 1));
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        var sidecar = backend.Sidecar;
        await using var api = backend.CreateTaskApi(kafka.BootstrapServers);
        using var client = api.CreateClient();

        // The victim first, alone in the group, proven to be running tasks before the survivor joins.
        using var victim = new WorkerProcess(kafka.BootstrapServers, sidecar.Endpoint);
        var warmUp = await SubmitAsync(client, "warm-up", cts.Token);
        await Poll.UntilAsync(() => Status(sidecar, warmUp) == "succeeded", cts.Token, () => $"the victim never ran the warm-up task:\n{victim.Output}");

        var survivorRuns = new ConcurrentDictionary<string, int>();
        await using var survivor = new WorkerFactory(kafka.BootstrapServers, sidecar.Endpoint)
        {
            ConfigureServices = services => services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey,
                new CountingChatClient(new OfflineChatClient(), survivorRuns)),
        };
        _ = survivor.Services;

        var ids = new ConcurrentBag<string>();
        var submitting = Task.WhenAll(Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            for (var i = lane; i < TaskCount; i += 8)
            {
                ids.Add(await SubmitAsync(client, $"task {i}", cts.Token));
            }
        }, cts.Token)));

        var victimMark = $"on {Environment.MachineName}/{victim.Id}\"";
        await Poll.UntilAsync(() => StartedOn(sidecar, victimMark, except: warmUp) >= StartedOnVictimBeforeKill || submitting.IsFaulted, cts.Token,
            () => $"the victim never got tasks after the survivor joined:\n{victim.Output}");
        await victim.KillAsync();
        var startedOnVictim = StartedOn(sidecar, victimMark, except: warmUp);
        var succeededBeforeKill = ids.Count(id => Status(sidecar, id) == "succeeded");
        await submitting;

        Assert.Equal(TaskCount, ids.Distinct().Count());
        await Poll.UntilAsync(() => ids.All(id => Status(sidecar, id) == "succeeded"), cts.Token,
            () => $"{ids.Count(id => Status(sidecar, id) != "succeeded")} task(s) not succeeded; statuses: "
                + string.Join(", ", ids.GroupBy(id => Status(sidecar, id)).Select(g => $"{g.Key ?? "none"}={g.Count()}")));

        // Exactly once: one completion that wrote a result per task, and never a second succeeded event for one.
        var completions = sidecar.Calls.Where(c => c.Method == "CompleteAsync" && c.Status == 200 && c.Response != "null")
            .GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(ids, id => Assert.Equal(1, completions.GetValueOrDefault(id)));
        // A worker killed between the completion and its event loses that event (the state is the record), so wait for the
        // events of every task the victim never touched, then check that no task has two.
        var victimTouched = ids.Where(id => sidecar.State[$"TaskActor||{id}||task"].Contains(victimMark, StringComparison.Ordinal)).ToHashSet();
        var events = await kafka.ReadUntilAsync("agent-events", 3, read =>
        {
            var done = read.Where(IsSucceeded).Select(m => m.Key).ToHashSet();
            return ids.All(id => victimTouched.Contains(id) || done.Contains(id));
        }, cts.Token);
        Assert.All(events.Where(IsSucceeded).GroupBy(m => m.Key), g => Assert.True(g.Count() == 1, $"{g.Key}: {g.Count()} succeeded events"));

        // It really was part-way: the victim had tasks when it died, the survivor finished the rest.
        Assert.True(startedOnVictim >= StartedOnVictimBeforeKill, $"victim started {startedOnVictim}");
        Assert.True(succeededBeforeKill < TaskCount, "everything had finished before the kill");
        Assert.True(survivorRuns.Count > 0, "the survivor ran nothing");
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_mid_run_finishes_its_running_tasks_and_the_other_takes_over()
    {
        const int Count = 300;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var kafka = new KafkaMock(("agent-tasks", 6), ("agent-events", 3), ("agent-tasks-dlq", 1));
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        var sidecar = backend.Sidecar;
        await using var api = backend.CreateTaskApi(kafka.BootstrapServers);
        using var client = api.CreateClient();
        ConcurrentDictionary<string, int> runsOnStopped = new(), runsOnSurvivor = new();
        // A model that takes a moment, so tasks are mid-run when the stop comes.
        var stopped = new WorkerFactory(kafka.BootstrapServers, sidecar.Endpoint)
        {
            ConfigureServices = services => services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey,
                new CountingChatClient(new OfflineChatClient(), runsOnStopped, TimeSpan.FromMilliseconds(20))),
        };
        await using var survivor = new WorkerFactory(kafka.BootstrapServers, sidecar.Endpoint)
        {
            ConfigureServices = services => services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey,
                new CountingChatClient(new OfflineChatClient(), runsOnSurvivor, TimeSpan.FromMilliseconds(20))),
        };
        try
        {
            _ = stopped.Services;
            _ = survivor.Services;
            var ids = new ConcurrentBag<string>();
            var submitting = Task.WhenAll(Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
            {
                for (var i = lane; i < Count; i += 8)
                {
                    ids.Add(await SubmitAsync(client, $"graceful {i}", cts.Token));
                }
            }, cts.Token)));

            await Poll.UntilAsync(() => runsOnStopped.Count >= 20 || submitting.IsFaulted, cts.Token, () => "the first worker never got tasks");
            await stopped.DisposeAsync(); // graceful: the host's stop, as on SIGTERM
            var ranOnStopped = runsOnStopped.Count;
            await submitting;
            await Poll.UntilAsync(() => ids.All(id => Status(sidecar, id) == "succeeded"), cts.Token,
                () => $"{ids.Count(id => Status(sidecar, id) != "succeeded")} task(s) not succeeded");

            // Finished, not abandoned: every task ran once, in one attempt, with its one succeeded event.
            var runs = runsOnStopped.Concat(runsOnSurvivor).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
            Assert.Equal(Count, runs.Count(r => r.Key.StartsWith("graceful ", StringComparison.Ordinal)));
            Assert.All(runs, r => Assert.True(r.Value == 1, $"{r.Key} ran {r.Value} times"));
            Assert.All(ids, id => Assert.Equal(1, JsonNode.Parse(sidecar.State[$"TaskActor||{id}||task"])!["attempts"]!.GetValue<int>()));
            var events = await kafka.ReadUntilAsync("agent-events", 3,
                read => read.Where(IsSucceeded).Select(m => m.Key).Distinct().Count() >= Count, cts.Token);
            Assert.All(events.Where(IsSucceeded).GroupBy(m => m.Key), g => Assert.Single(g));
            Assert.True(ranOnStopped < Count && runsOnSurvivor.Count > 0, $"stopped worker ran {ranOnStopped}, survivor {runsOnSurvivor.Count}");
        }
        finally
        {
            await stopped.DisposeAsync();
        }
    }

    private static async Task<string> SubmitAsync(HttpClient client, string goal, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/v1/tasks", new { goal }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["taskId"]!.GetValue<string>();
    }

    private static bool IsSucceeded(Confluent.Kafka.Message<string, string> message) =>
        message.Value.Contains("\"kind\":\"succeeded\"", StringComparison.Ordinal);

    private static string? Status(FakeDaprSidecar sidecar, string id) =>
        sidecar.State.TryGetValue($"TaskActor||{id}||task", out var json) ? JsonNode.Parse(json)?["status"]?.GetValue<string>() : null;

    private static int StartedOn(FakeDaprSidecar sidecar, string workerMark, string except) =>
        sidecar.State.Count(s => s.Key.StartsWith("TaskActor||", StringComparison.Ordinal) && !s.Key.Contains(except, StringComparison.Ordinal)
            && s.Value.Contains(workerMark, StringComparison.Ordinal));

    /// <summary>Counts agent runs per goal on the way to the offline model.</summary>
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
            // Counted once the model answered: a run cut off before that produced nothing.
            runs.AddOrUpdate(list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "", 1, (_, n) => n + 1);
            return response;
        }
    }
}
