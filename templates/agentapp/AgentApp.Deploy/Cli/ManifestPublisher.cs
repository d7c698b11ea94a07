using System.Diagnostics;
using System.Text;

namespace AgentApp.Deploy.Cli;

/// <summary>Runs the AppHost's manifest publisher (<c>--publisher manifest</c>), the same entry point azd and Aspirate use.</summary>
public static class ManifestPublisher
{
    /// <summary>Publishes the manifest of <paramref name="appHostProject"/> to <paramref name="manifestPath"/> (an absolute path).</summary>
    /// <exception cref="InvalidOperationException">The AppHost failed or overran <paramref name="timeout"/>; the message carries its output.</exception>
    public static async Task PublishAsync(string appHostProject, string manifestPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The output path must be absolute: relative ones resolve against the AppHost directory, not the working directory.
        var start = new ProcessStartInfo("dotnet",
            ["run", "--project", appHostProject, "--no-launch-profile", "--", "--publisher", "manifest", "--output-path", Path.GetFullPath(manifestPath)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet'.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new InvalidOperationException($"Publishing the manifest of {appHostProject} took longer than {timeout}:\n{output}");
        }

        if (process.ExitCode != 0 || !File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"Publishing the manifest of {appHostProject} failed (exit code {process.ExitCode}):\n{output}");
        }
    }
}
