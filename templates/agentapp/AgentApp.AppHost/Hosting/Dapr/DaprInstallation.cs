using Microsoft.Extensions.Configuration;

namespace AgentApp.Hosting;

/// <summary>Where daprd, placement and scheduler live on this machine, or why they cannot be used.</summary>
internal sealed record DaprInstallation(string? DaprdPath, string? PlacementPath, string? SchedulerPath, string? Problem)
{
    /// <summary>Explicit path of the daprd binary (tests point it at a stand-in file).</summary>
    public const string DaprdPathKey = "Dapr:DaprdPath";

    /// <summary>A folder holding daprd, in the spirit of the Dapr installer's <c>DAPR_INSTALL_DIR</c>.</summary>
    public const string InstallDirectoryKey = "DAPR_INSTALL_DIR";

    public const string InstallHint = "install the Dapr CLI and run 'dapr init --slim' (no Docker needed)";

    public const string NotFoundMessage = "daprd not found on PATH or in ~/.dapr/bin: " + InstallHint;

    public bool IsAvailable => Problem is null;

    /// <summary>
    /// Looks in <c>Dapr:DaprdPath</c>, <c>DAPR_INSTALL_DIR</c>, PATH, then <c>~/.dapr/bin</c> (where <c>dapr init --slim</c> puts it).
    /// Everything is read through configuration, which includes the environment, so tests can stage any machine.
    /// </summary>
    public static DaprInstallation Locate(IConfiguration configuration)
    {
        var configured = configuration[DaprdPathKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? WithControlPlane(Path.GetFullPath(configured))
                : Missing($"daprd not found at '{configured}' ({DaprdPathKey}): {InstallHint}, or correct {DaprdPathKey}");
        }

        var home = configuration["HOME"] ?? configuration["USERPROFILE"] ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new List<string>();
        if (configuration[InstallDirectoryKey] is { Length: > 0 } installDirectory)
        {
            candidates.Add(installDirectory);
        }

        candidates.AddRange((configuration["PATH"] ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (!string.IsNullOrEmpty(home))
        {
            candidates.Add(Path.Combine(home, ".dapr", "bin"));
        }

        var daprd = candidates.Select(directory => Path.Combine(directory, Binary("daprd"))).FirstOrDefault(File.Exists);
        return daprd is null ? Missing(NotFoundMessage) : WithControlPlane(Path.GetFullPath(daprd));
    }

    private static DaprInstallation WithControlPlane(string daprd)
    {
        // Actors need placement and workflows/reminders need scheduler; 'dapr init --slim' installs all three together.
        var directory = Path.GetDirectoryName(daprd)!;
        var placement = Path.Combine(directory, Binary("placement"));
        var scheduler = Path.Combine(directory, Binary("scheduler"));
        var absent = new[] { placement, scheduler }.Where(p => !File.Exists(p)).Select(Path.GetFileName).ToArray();
        return absent.Length == 0
            ? new DaprInstallation(daprd, placement, scheduler, null)
            : Missing($"daprd found in '{directory}' but not {string.Join(" or ", absent)}: {InstallHint}");
    }

    private static DaprInstallation Missing(string problem) => new(null, null, null, problem);

    private static string Binary(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;
}
