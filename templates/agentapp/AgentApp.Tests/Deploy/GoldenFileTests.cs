
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>
/// The output for the sample manifest is pinned file by file under Deploy/Golden. After an intended change, regenerate
/// with <c>UPDATE_GOLDEN=1 dotnet test --filter FullyQualifiedName~GoldenFileTests</c> and review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    [Fact]
    public void Output_for_the_sample_manifest_matches_the_golden_files()
    {
        var files = Samples.Generate(DeployPaths.GoldenOptions).Files.Files;
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            if (Directory.Exists(DeployPaths.GoldenDirectory))
            {
                Directory.Delete(DeployPaths.GoldenDirectory, recursive: true);
            }

            AgentApp.Deploy.Output.OutputDirectory.Write(DeployPaths.GoldenDirectory, Samples.Generate(DeployPaths.GoldenOptions).Files);
        }

        var golden = Directory.EnumerateFiles(DeployPaths.GoldenDirectory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(DeployPaths.GoldenDirectory, f).Replace('\\', '/'), f => Samples.WithKubernetesAppName(File.ReadAllText(f)));

        Assert.Equal(golden.Keys.Order(StringComparer.Ordinal), files.Keys);
        foreach (var (path, content) in files)
        {
            if (golden[path] != content)
            {
                Assert.Fail($"{path} differs from the golden file:\n{FirstDifference(golden[path], content)}");
            }
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
        return $"line {line + 1}\n  golden: {(line < e.Length ? e[line] : "<end>")}\n  actual: {(line < a.Length ? a[line] : "<end>")}";
    }
}
