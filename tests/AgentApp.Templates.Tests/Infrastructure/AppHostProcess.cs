using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>
/// A generated app's AppHost started as its README says (<c>dotnet run --launch-profile http</c>, container-less), until
/// it prints the gateway's URL. Stopping sends SIGTERM (a graceful stop that takes DCP's processes down with it), then
/// kills what is left.
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _gateway = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process) => _process = process;

    /// <summary>Everything the AppHost printed so far.</summary>
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

    /// <summary>Starts <paramref name="appHostDirectory"/>'s AppHost (already built) in Local infrastructure mode.</summary>
    public static AppHostProcess Start(string appHostDirectory)
    {
        var startInfo = ChildProcess.StartInfo("dotnet", ["run", "--no-build", "--launch-profile", "http"], appHostDirectory);
        startInfo.Environment["Infrastructure__Mode"] = "Local";
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new AppHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Exited += (_, _) => host._gateway.TrySetException(new InvalidOperationException($"The AppHost exited ({process.ExitCode}):\n{host.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return host;
    }

    /// <summary>The gateway URL the AppHost logs once the gateway is healthy.</summary>
    public async Task<Uri> GatewayAsync(TimeSpan timeout)
    {
        try
        {
            return await _gateway.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No gateway URL within {timeout.TotalSeconds:0} s. AppHost output:\n{Output}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (GatewayUrl().Match(line) is { Success: true } match)
        {
            _gateway.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"Gateway URL: (?<url>https?://\S+)")]
    private static partial Regex GatewayUrl();
}
