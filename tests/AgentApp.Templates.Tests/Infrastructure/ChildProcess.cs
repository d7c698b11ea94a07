using System.Diagnostics;
using System.Text;

namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>What a child process did: enough to explain a failure without re-running it.</summary>
public sealed record CommandResult(string CommandLine, string WorkingDirectory, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory} " +
        (TimedOut ? $"timed out after {Elapsed.TotalSeconds:0} s and was killed" : $"exited {ExitCode} after {Elapsed.TotalSeconds:0.0} s") +
        $". Full output:\n{Output}";

    public CommandResult AssertSuccess()
    {
        Assert.True(Succeeded, Describe());
        return this;
    }
}

/// <summary>Runs child processes isolated from the test host's own build and test environment.</summary>
public static class ChildProcess
{
    // `dotnet test` hands its children MSBuild and test-platform settings (MSBuildExtensionsPath, VSTEST_*, …) that would
    // make a nested `dotnet build` or `dotnet test` resolve the wrong SDK pieces or talk to the outer test session.
    private static readonly string[] s_scrubbedPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM"];

    // Build servers on for child builds (the machine turns them off): the generated solutions share one compiler server and
    // warm MSBuild nodes. TemplateFixture shuts them down at the end.
    private static readonly Dictionary<string, string> s_childEnvironment = new()
    {
        ["UseSharedCompilation"] = "true",
        ["MSBUILDDISABLENODEREUSE"] = "0",
        ["DOTNET_CLI_UI_LANGUAGE"] = "en",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    // A build server that inherited our pipes would keep them open after the child exits: wait this long for the end of
    // the output, then report what arrived.
    private static readonly TimeSpan s_outputDrainTimeout = TimeSpan.FromSeconds(10);

    public static Task<CommandResult> DotNetAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout) =>
        RunAsync("dotnet", arguments, workingDirectory, timeout);

    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = StartInfo(fileName, arguments, workingDirectory);
        var commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(fileName).Select(Quote));
        var output = new StringBuilder();
        var outputDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errorDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data, outputDone);
        process.ErrorDataReceived += (_, e) => Append(e.Data, errorDone);
        process.Exited += (_, _) => exited.TrySetResult();

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            process.StandardInput.Close(); // nothing may wait for a keypress
        }
        catch (IOException)
        {
            // It already exited.
        }

        // Not WaitForExitAsync: it also waits for the end of the redirected output, which never comes while a build server
        // started by the child holds the pipe.
        var timedOut = await Task.WhenAny(exited.Task, Task.Delay(timeout)) != exited.Task;
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            await exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        stopwatch.Stop();
        await Task.WhenAny(Task.WhenAll(outputDone.Task, errorDone.Task), Task.Delay(s_outputDrainTimeout));

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return new CommandResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, timedOut, stopwatch.Elapsed, text);

        void Append(string? line, TaskCompletionSource done)
        {
            if (line is null)
            {
                done.TrySetResult();
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>A start info with redirected output and the scrubbed, build-server-friendly environment of every child.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (s_scrubbedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in s_childEnvironment)
        {
            startInfo.Environment[key] = value;
        }

        return startInfo;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '|' or ';') ? argument : $"'{argument}'";
}
