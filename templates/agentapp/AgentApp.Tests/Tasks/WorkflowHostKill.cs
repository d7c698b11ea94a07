using AgentApp.Testing;
using AgentApp.Workflows.InMemory;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// The task path with a workflow host that can die: the in-memory engine (playing daprd, which outlives its app), the
/// broker, the actors behind the fake sidecar and the api in this process; the worker that runs the workflows is a real
/// child process, so nothing of it runs after its SIGKILL. One actor call, the <c>heldCall</c>-th call of
/// <c>heldMethod</c>, is held until the worker is dead and then refused: that step never finished.
/// </summary>
public sealed class WorkflowHostKill : IAsyncDisposable
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InMemoryWorkflowEngine _engine = null!;
    private KafkaMock _kafka = null!;
    private ApiFactory _api = null!;

    private WorkflowHostKill()
    {
    }

    /// <summary>The actors and their sidecar.</summary>
    public TaskActorsBackend Backend { get; private set; } = null!;

    /// <summary>A client of the api.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Starts everything but the worker.</summary>
    public static async Task<WorkflowHostKill> StartAsync(string heldMethod, int heldCall = 1)
    {
        var kill = new WorkflowHostKill
        {
            _engine = await InMemoryWorkflowEngine.StartAsync(),
            _kafka = new KafkaMock(("agent-tasks", 3), ("agent-events", 3), ("agent-tasks-dlq", 1)),
            Backend = await TaskActorsBackend.StartAsync(TimeProvider.System),
        };
        kill._api = kill.Backend.CreateTaskApi(kill._kafka.BootstrapServers);
        kill._api.Settings["DaprSidecar:ProbeTimeout"] = "00:00:10";
        kill.Client = kill._api.CreateClient();
        var calls = 0;
        kill.Backend.Sidecar.BeforeForward = async (_, _, method) =>
        {
            if (method != heldMethod || kill._killed.Task.IsCompleted || Interlocked.Increment(ref calls) < heldCall)
            {
                return true;
            }

            kill._held.TrySetResult();
            await kill._killed.Task;
            return false;
        };
        return kill;
    }

    /// <summary>
    /// Starts the worker process (its <paramref name="logCategory"/> at Information), submits <paramref name="task"/>,
    /// waits for the held call and for the worker to have logged <paramref name="lastLine"/> of the task, then kills it.
    /// Returns the task id and everything the worker printed.
    /// </summary>
    public async Task<(string Id, string VictimOutput)> SubmitAndKillAsync(object task, string logCategory, Func<string, string> lastLine,
        CancellationToken cancellationToken)
    {
        using var victim = new WorkerProcess(_kafka.BootstrapServers, Backend.Sidecar.Endpoint, new Dictionary<string, string>
        {
            ["DAPR_GRPC_ENDPOINT"] = _engine.Endpoint,
            [$"Logging__LogLevel__{logCategory}"] = "Information",
        });
        var id = await TaskCalls.SubmitAsync(Client, task);
        await _held.Task.WaitAsync(cancellationToken);
        // Console logging is asynchronous: the line of the call that just completed may still be on its way.
        await Poll.UntilAsync(() => victim.Output.Contains(lastLine(id), StringComparison.Ordinal), cancellationToken,
            () => $"the victim never logged '{lastLine(id)}':\n{victim.Output}");
        await victim.KillAsync();
        _killed.SetResult();
        return (id, victim.Output);
    }

    /// <summary>Starts a new worker (in this process) and waits for task <paramref name="id"/> to succeed.</summary>
    public async Task<WorkerFactory> RestartUntilSucceededAsync(string id)
    {
        var survivor = new WorkerFactory(_kafka.BootstrapServers, Backend.Sidecar.Endpoint, _engine.Endpoint);
        _ = survivor.Services;
        await Poll.UntilAsync(async () => (await Backend.Actor(id).GetAsync("development"))?.Status == "succeeded",
            "the task to succeed after the restart", TimeSpan.FromMinutes(2));
        return survivor;
    }

    /// <summary>How often <paramref name="line"/> occurs in <paramref name="text"/>.</summary>
    public static int Occurrences(string text, string line) => text.Split(line).Length - 1;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _killed.TrySetResult();
        Client.Dispose();
        await _api.DisposeAsync();
        await Backend.DisposeAsync();
        _kafka.Dispose();
        await _engine.DisposeAsync();
    }
}
