
namespace AgentApp.Tests.Deploy.Support;

/// <summary>Prometheus' <c>promtool</c> (Debian's <c>prometheus</c> package), which checks and unit-tests the alert rules.</summary>
public static class Promtool
{
    /// <summary>The promtool found on PATH, if any.</summary>
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "promtool")).FirstOrDefault(File.Exists);

    /// <summary>Runs promtool; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        ChildProcess.RunAsync(Path ?? throw new InvalidOperationException("promtool is not installed"), args, TimeSpan.FromMinutes(2));
}

/// <summary>A fact that runs where promtool is installed and is reported as skipped, with the reason, elsewhere.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when promtool is absent.</summary>
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
        {
            Skip = "promtool is not installed: 'apt-get install prometheus' (Debian) provides it.";
        }
    }
}
