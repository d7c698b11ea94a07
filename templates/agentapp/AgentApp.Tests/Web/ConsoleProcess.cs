using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentApp.Tests.Web;

/// <summary>
/// The web console as its own process (the build the AppHost would run), in Development with the development key,
/// calling the given gateway. It listens on a port the OS picks; disposing kills it.
/// </summary>
public sealed partial class ConsoleProcess : IAsyncDisposable
{
    // As generous as the AppHost fixture: a loaded 2-core machine has taken over a minute to start one ASP.NET Core process.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ConsoleProcess(Process process) => _process = process;

    /// <summary>Where the console listens.</summary>
    public Uri Address { get; private set; } = null!;

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

    /// <summary>Starts the console against <paramref name="gateway"/> and waits until it listens.</summary>
    public static async Task<ConsoleProcess> StartAsync(Uri gateway, string developmentKey)
    {
        var project = Path.GetDirectoryName(new Projects.AgentApp_Web().ProjectPath)!;
        var assembly = Path.Combine(project, "bin", ChildProcess.BuildConfiguration, "net10.0", "AgentApp.Web.dll");
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = project, // the content root: appsettings.json and wwwroot
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Console__GatewayUrl"] = gateway.ToString();
        start.Environment["Console__DevelopmentKey"] = developmentKey;
        start.Environment["OTEL_SDK_DISABLED"] = "true";
        var console = new ConsoleProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the console"));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (console._output)
            {
                console._output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        console._process.EnableRaisingEvents = true;
        console._process.Exited += (_, _) => listening.TrySetException(new TimeoutException("the console exited"));
        console._process.OutputDataReceived += (_, e) => Read(e.Data);
        console._process.ErrorDataReceived += (_, e) => Read(e.Data);
        console._process.BeginOutputReadLine();
        console._process.BeginErrorReadLine();
        try
        {
            console.Address = await listening.Task.WaitAsync(s_startTimeout);
            return console;
        }
        catch (TimeoutException)
        {
            await console.DisposeAsync();
            throw new InvalidOperationException($"The console did not start listening within {s_startTimeout}:\n{console.Output}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ListeningLine();
}
