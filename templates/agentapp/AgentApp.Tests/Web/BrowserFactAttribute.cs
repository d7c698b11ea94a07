namespace AgentApp.Tests.Web;

/// <summary>
/// A fact that drives a real Chromium and runs only where one is installed (<c>CHROMIUM_PATH</c>, or <c>chromium</c>,
/// <c>chromium-browser</c> or <c>google-chrome</c> on PATH); elsewhere it is reported as skipped, never as passed.
/// CI installs Debian's <c>chromium</c>.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    private static readonly string[] s_names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The browser found, if any.</summary>
    public static string? Chromium { get; } = Locate();

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no Chromium is installed.</summary>
    public BrowserFactAttribute()
    {
        if (Chromium is null)
        {
            Skip = "No Chromium here: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to run the browser tests.";
        }
    }

    /// <summary>
    /// For a test of how the console behaves without Dapr: skipped where daprd is installed (the sidecars then run and
    /// conversation memory is on), like the other sidecar-dependent tests.
    /// </summary>
    public bool WithoutDaprd
    {
        get => Skip is not null && RealDaprFactAttribute.Daprd is not null;
        set
        {
            if (value && Skip is null && RealDaprFactAttribute.Daprd is not null)
            {
                Skip = "daprd is installed here, so conversation memory is on and there is no sidecar-absent hint to show.";
            }
        }
    }

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.SelectMany(d => s_names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }
}
