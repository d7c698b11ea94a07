namespace AgentApp.Tests.Support;

/// <summary>A fact that stages POSIX shell scripts: reported as skipped on Windows rather than failing there.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on Windows.</summary>
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "stages POSIX shell scripts";
        }
    }
}

/// <summary>A theory that stages POSIX shell scripts: reported as skipped on Windows rather than failing there.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> on Windows.</summary>
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "stages POSIX shell scripts";
        }
    }
}
