using AgentApp.Testing;
using AgentApp.Workflows.InMemory;

namespace AgentApp.Tests.Tasks.Durable;

/// <summary>
/// The process that runs the task workflows is SIGKILLed mid-task and started again: the task completes from its last
/// completed step, and no model or tool call that had completed runs again. The engine (in this process) plays daprd,
/// which outlives its app; the killed worker is a real process, so nothing of it runs after the kill.
/// </summary>
[Trait("Category", "Scale")]
public sealed class WorkflowHostKillTests
{
    [Fact]
    public async Task Killed_after_its_second_model_call_a_task_resumes_on_restart_and_reruns_no_completed_call()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        using var kafka = new KafkaMock(("agent-tasks", 3), ("agent-events", 3), ("agent-tasks-dlq", 1));
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        await using var api = backend.CreateTaskApi(kafka.BootstrapServers);
        using var client = api.CreateClient();
        // The step after the second model call (recording the answer) is held until the worker is dead, then refused.
        var held = new TaskCompletionSource();
        var killed = new TaskCompletionSource();
        backend.Sidecar.BeforeForward = async (_, _, method) =>
        {
            if (method != "CompleteAsync" || killed.Task.IsCompleted)
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
            ["Logging__LogLevel__AgentApp.Worker.Tasks.Durable"] = "Information",
        };

        string id;
        string victimOutput;
        using (var victim = new WorkerProcess(kafka.BootstrapServers, backend.Sidecar.Endpoint, settings))
        {
            id = await TaskCalls.SubmitAsync(client, new { goal = "what is 6 * 7?", conversationId = "kill-mid-task" });
            await held.Task.WaitAsync(cts.Token);
            // Console logging is asynchronous: the line of the call that just completed may still be on its way.
            await Poll.UntilAsync(() => victim.Output.Contains($"Task {id}: model call 2 done", StringComparison.Ordinal), cts.Token,
                () => $"the victim never finished its second model call:\n{victim.Output}");
            await victim.KillAsync();
            victimOutput = victim.Output;
            killed.SetResult();
        }

        await using var survivor = new WorkerFactory(kafka.BootstrapServers, backend.Sidecar.Endpoint, engine.Endpoint);
        _ = survivor.Services;
        await Poll.UntilAsync(async () => (await backend.Actor(id).GetAsync("development"))?.Status == "succeeded", "the task to succeed after the restart",
            TimeSpan.FromMinutes(2));

        var all = victimOutput + string.Join("\n", survivor.Logs.Lines);
        Assert.Equal(1, Occurrences(all, $"Task {id}: model call 1 done"));
        Assert.Equal(1, Occurrences(all, $"Task {id}: model call 2 done"));
        Assert.Equal(1, Occurrences(all, $"Task {id}: tool call calculate done"));
        Assert.DoesNotContain(survivor.Logs.Lines, l => l.Contains($"Task {id}: model call", StringComparison.Ordinal));
        var task = await backend.Actor(id).GetAsync("development");
        Assert.NotNull(task);
        Assert.Equal(["started", "tool", "succeeded"], task.Steps.Select(s => s.Kind));
        Assert.Contains("42", task.Result!);
    }

    private static int Occurrences(string text, string line) => text.Split(line).Length - 1;
}
