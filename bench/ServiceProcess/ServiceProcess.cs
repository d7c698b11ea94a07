using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AgentApp.Bench;

/// <summary>
/// One of the reference solution's services, built in Release, run as its own process (as Aspire would run it) on a
/// loopback port with the given environment. Disposing kills it and waits for it to exit.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The service's base address, e.g. http://127.0.0.1:40123.</summary>
    public string Url { get; }

    /// <summary>The CPU time the process has used so far (user + system), for cost per request.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the Release build of <c>templates/agentapp/&lt;project&gt;</c> (or of a baseline in <c>bench/&lt;project&gt;</c>)
    /// and waits until <c>/alive</c> answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var folder = new[] { Path.Combine(RepoRoot.Path, "templates", "agentapp", project), Path.Combine(RepoRoot.Path, "bench", project) }
            .FirstOrDefault(Directory.Exists) ?? throw new InvalidOperationException($"No project {project} in templates/agentapp or bench.");
        var dll = Path.Combine(folder, "bin", "Release", "net10.0", project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run `dotnet build {folder} -c Release` first.");
        }

        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // Drain both pipes: a full pipe would block the service's console logger and distort the measurement.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); while (output.Count > 50) { output.TryDequeue(out string? _); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(url + "/alive");
                if (response.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer one probe on a loaded machine: ask again until the deadline.
            }

            await Task.Delay(50);
        }

        await service.DisposeAsync();
        throw new InvalidOperationException($"{project} did not become alive within {timeout}:\n{string.Join('\n', output)}");
    }

    /// <summary>The working set (VmRSS) in MB, read from /proc.</summary>
    public double WorkingSetMb() => Memory.WorkingSetMb(_process.Id);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
        _process.Dispose();
    }

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Process memory as the kernel reports it.</summary>
public static class Memory
{
    /// <summary>VmRSS of <paramref name="pid"/> in MB (the working set on Linux); NaN when the process is gone.</summary>
    public static double WorkingSetMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

/// <summary>The repository root: the nearest folder above the running program that holds AgentApp.Templates.slnx.</summary>
public static class RepoRoot
{
    /// <summary>Its path.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AgentApp.Templates.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AgentApp.Templates.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Latencies and statuses of one load run.</summary>
public sealed record LoadResult(double[] Latencies, int[] Statuses, TimeSpan Elapsed)
{
    /// <summary>2xx count.</summary>
    public int Count2xx => Statuses.Count(s => s is >= 200 and < 300);

    /// <summary>429 count.</summary>
    public int Count429 => Statuses.Count(s => s == 429);

    /// <summary>5xx count.</summary>
    public int Count5xx => Statuses.Count(s => s >= 500);

    /// <summary>Anything else.</summary>
    public int Other => Statuses.Length - Count2xx - Count429 - Count5xx;

    /// <summary>Requests per second.</summary>
    public double Throughput => Statuses.Length / Elapsed.TotalSeconds;

    /// <summary>The latency percentile in ms.</summary>
    public double P(double percentile) => Percentile(Latencies, percentile);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1))];
    }

    /// <summary>Several runs as one.</summary>
    public static LoadResult Merge(IEnumerable<LoadResult> runs)
    {
        var list = runs.ToList();
        return new([.. list.SelectMany(r => r.Latencies)], [.. list.SelectMany(r => r.Statuses)], TimeSpan.FromTicks(list.Sum(r => r.Elapsed.Ticks)));
    }
}

/// <summary>Writes the shared <c>RESULT|row|subject|baseline|ratio|target</c> lines bench/run.sh collects.</summary>
public static class ResultLine
{
    /// <summary>Prints one row.</summary>
    public static void Print(string row, string subject, string baseline, double ratio, string target) =>
        Console.WriteLine(FormattableString.Invariant($"RESULT|{row}|{subject}|{baseline}|{ratio:F2}x|{target}"));
}
