namespace AgentApp.Tests.Support;

/// <summary>
/// A fact that runs only where daprd is installed (PATH, <c>DAPR_INSTALL_DIR</c> or <c>~/.dapr/bin</c>, where
/// <c>dapr init --slim</c> puts it) and is reported as skipped elsewhere, never as passed. Pair it with
/// <c>[Trait("Category", "RealDapr")]</c>.
/// </summary>
public sealed class RealDaprFactAttribute : FactAttribute
{
    /// <summary>The daprd found, if any.</summary>
    public static string? Daprd { get; } = Locate();

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when daprd is absent.</summary>
    public RealDaprFactAttribute()
    {
        if (Daprd is null)
        {
            Skip = "daprd is not installed here: install the Dapr CLI and run 'dapr init --slim' to run the real-sidecar tests.";
        }
    }

    private static string? Locate()
    {
        var name = OperatingSystem.IsWindows() ? "daprd.exe" : "daprd";
        var directories = new List<string>();
        if (Environment.GetEnvironmentVariable("DAPR_INSTALL_DIR") is { Length: > 0 } installDirectory)
        {
            directories.Add(installDirectory);
        }

        directories.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        directories.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dapr", "bin"));
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
