namespace AgentApp.Tests.Deploy.Support;

/// <summary>Where the deploy tests' fixtures and golden files live: in the source tree, so golden files can be updated in place.</summary>
public static class DeployPaths
{
    private static readonly Lazy<string> s_deployDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Deploy", "Fixtures", "sample-manifest.json");
            if (File.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "Deploy");
            }
        }

        throw new InvalidOperationException($"No Deploy/Fixtures/sample-manifest.json above {AppContext.BaseDirectory}.");
    });

    /// <summary>The tests' <c>Deploy</c> source directory.</summary>
    public static string DeployDirectory => s_deployDirectory.Value;

    /// <summary>The sample manifest: today's published manifest plus the Kafka and Dapr entries other branches add.</summary>
    public static string SampleManifest => Path.Combine(DeployDirectory, "Fixtures", "sample-manifest.json");

    /// <summary>The expected output for the sample manifest with <see cref="GoldenOptions"/>.</summary>
    public static string GoldenDirectory => Path.Combine(DeployDirectory, "Golden");

    /// <summary>The solution directory: the nearest directory above the tests that holds <c>.github/workflows/ci.yml</c>.</summary>
    public static string SolutionDirectory => Above(dir => File.Exists(Path.Combine(dir, ".github", "workflows", "ci.yml")), ".github/workflows/ci.yml");

    /// <summary>A project file named by its manifest path (<c>../X.Api/X.Api.csproj</c>), next to or under <c>src/</c> of an ancestor.</summary>
    public static string ProjectFile(string manifestPath)
    {
        var relative = Path.Combine(manifestPath.Replace('\\', '/').Split('/')[^2..]);
        string? found = null;
        Above(dir => (found = new[] { Path.Combine(dir, relative), Path.Combine(dir, "src", relative) }.FirstOrDefault(File.Exists)) is not null, relative);
        return found!;
    }

    private static string Above(Func<string, bool> match, string what)
    {
        for (var dir = new DirectoryInfo(DeployDirectory); dir is not null; dir = dir.Parent)
        {
            if (match(dir.FullName))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {what} above {DeployDirectory}.");
    }

    /// <summary>The options the golden files were generated with (every optional feature on except HTTPRoute).</summary>
    public static AgentApp.Deploy.GeneratorOptions GoldenOptions { get; } = new()
    {
        Registry = "registry.example.com/agents",
        Tag = "1.2.3",
        Namespace = "agents",
        WithInfrastructure = true,
        Host = "agents.example.com",
    };
}
