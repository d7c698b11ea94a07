namespace AgentApp.Tests.Support;

/// <summary>
/// The real worker in a child process (<see cref="ServiceProcess"/>) on the given broker and sidecar, with the built-in
/// offline model. <see cref="KillAsync"/> is SIGKILL: no commit, no LeaveGroup, work cut off wherever it was. Disposing
/// kills it if it still runs.
/// </summary>
public sealed class WorkerProcess(string bootstrapServers, string sidecarEndpoint, IReadOnlyDictionary<string, string>? settings = null)
    : IDisposable
{
    private readonly ServiceProcess _process = ServiceProcess.Start("AgentApp.Worker.dll",
    [
        new("ASPNETCORE_URLS", "http://127.0.0.1:0"),
        new("ConnectionStrings__kafka", bootstrapServers),
        new("DAPR_HTTP_ENDPOINT", sidecarEndpoint),
        new("Kafka__FetchWaitMaxMs", "5"),
        new("Kafka__SessionTimeoutMs", "6000"),
        new("Tasks__HandBackDelay", "00:00:00.200"),
        new("Tasks__ActorCallTimeout", "00:01:00"),
        .. settings ?? new Dictionary<string, string>(),
    ]);

    /// <summary>The worker's process id, which it names itself by in the task steps it records.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What it printed so far, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>SIGKILL, then waits for the exit.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
