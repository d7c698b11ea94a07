namespace AgentApp.Tests.Deploy.Support;

/// <summary>A temporary directory deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh directory under the system temp path.</summary>
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("deploy-tests-").FullName;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
