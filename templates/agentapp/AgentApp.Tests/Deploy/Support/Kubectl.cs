using System.Diagnostics;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>kubectl on PATH, for offline <c>kubectl kustomize</c> rendering.</summary>
public static class Kubectl
{
    private static readonly Lazy<string?> s_path = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists));

    /// <summary>The kubectl executable, or null when it is not installed.</summary>
    public static string? Path => s_path.Value;

    /// <summary>Renders a kustomization directory; fails the test with kubectl's output when it cannot.</summary>
    public static async Task<string> KustomizeAsync(string directory)
    {
        var kubectl = Path ?? throw new InvalidOperationException("kubectl is not installed.");
        // stdout alone is the YAML; warnings on stderr must not end up in it.
        using var process = Process.Start(new ProcessStartInfo(kubectl, ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start kubectl");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} exited {process.ExitCode}:\n{await stderr}");
        return await stdout;
    }
}

/// <summary>A fact that reports "skipped" (not "passed") when kubectl is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when kubectl is missing.</summary>
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null)
        {
            Skip = "kubectl is not on PATH, so kustomize rendering is not checked here; install kubectl (1.14 or later) to run this test.";
        }
    }
}

/// <summary>A theory that reports "skipped" (not "passed") when kubectl is not installed.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when kubectl is missing.</summary>
    public KubectlTheoryAttribute()
    {
        if (Kubectl.Path is null)
        {
            Skip = "kubectl is not on PATH, so kustomize rendering is not checked here; install kubectl (1.14 or later) to run this test.";
        }
    }
}
