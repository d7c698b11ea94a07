namespace AgentApp.Tests.Support;

/// <summary>
/// The real api in a child process (<see cref="ServiceProcess"/>) on <paramref name="port"/>, with the given settings as
/// environment variables; it can be killed and started again on the same port. Disposing kills it if it still runs.
/// </summary>
public sealed class ApiProcess(int port, IReadOnlyDictionary<string, string> settings) : IDisposable
{
    private ServiceProcess? _process;

    /// <summary>Where it listens.</summary>
    public string Url { get; } = $"http://127.0.0.1:{port}";

    /// <summary>The CPU time the process has used so far.</summary>
    public TimeSpan CpuTime => (_process ?? throw new InvalidOperationException("not started")).CpuTime;

    /// <summary>What it printed so far, for failure messages.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Starts it (again) and waits until it answers <c>/alive</c>.</summary>
    public async Task StartAsync()
    {
        _process?.Dispose();
        var process = _process = ServiceProcess.Start("AgentApp.Api.dll", [new("ASPNETCORE_URLS", Url), .. settings]);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"the api exited:\n{Output}");
            try
            {
                using var alive = await http.GetAsync($"{Url}/alive");
                return alive.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the api to answer /alive", TimeSpan.FromMinutes(2));
    }

    /// <summary>SIGKILL, and waits for the process to be gone.</summary>
    public void Kill() => _process?.Kill();

    /// <inheritdoc />
    public void Dispose() => _process?.Dispose();
}
