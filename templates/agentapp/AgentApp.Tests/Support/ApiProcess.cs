using System.Diagnostics;
using System.Text;

namespace AgentApp.Tests.Support;

/// <summary>
/// The real api (AgentApp.Api.dll from this test's output) in a child process on <paramref name="port"/>, with the given
/// settings as environment variables. <see cref="Kill"/> is SIGKILL: sockets closed by the kernel, nothing said goodbye.
/// Disposing kills it if it still runs.
/// </summary>
public sealed class ApiProcess(int port, IReadOnlyDictionary<string, string> settings) : IDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Where it listens.</summary>
    public string Url { get; } = $"http://127.0.0.1:{port}";

    /// <summary>The CPU time the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException("not started");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>What it printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts it (again) and waits until it answers <c>/alive</c>.</summary>
    public async Task StartAsync()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AgentApp.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = Url;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the api");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            Assert.False(_process.HasExited, $"the api exited:\n{Output}");
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
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
