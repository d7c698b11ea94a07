using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>
/// The folder, unique per AppHost run, that holds the component YAML, Configuration files and scheduler data daprd and
/// its control plane read. Component files can carry passwords, so the folder is private to the user (0700).
/// </summary>
internal sealed class DaprRunDirectory
{
    public DaprRunDirectory(string root) => Root = root;

    public static DaprRunDirectory CreateUnique() =>
        new(Path.Combine(Path.GetTempPath(), "aspire-dapr", $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..20]));

    public string Root { get; }

    /// <summary>Creates (if needed) and returns a folder below the root.</summary>
    public string Ensure(params string[] parts)
    {
        if (!Directory.Exists(Root))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Root);
            }
            else
            {
                Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Best effort: a process that is still shutting down may hold a file, and that must not fail the AppHost's stop.</summary>
    public void Delete()
    {
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A folder below the run directory, created when the argument that names it is resolved.</summary>
internal sealed class DaprRunPath(DaprRunDirectory run, params string[] parts) : IValueProvider
{
    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => new(run.Ensure(parts));
}
