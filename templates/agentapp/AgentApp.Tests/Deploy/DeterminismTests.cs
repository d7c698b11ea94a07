using System.CommandLine;
using System.Text.Json.Nodes;
using AgentApp.Deploy.Cli;
using AgentApp.Deploy.Manifest;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>The same manifest always gives the same bytes, whatever order the manifest lists things in.</summary>
public sealed class DeterminismTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Two_runs_of_the_command_write_byte_identical_trees()
    {
        var first = Path.Combine(_temp.Path, "first");
        var second = Path.Combine(_temp.Path, "second");

        Assert.Equal(0, await RunAsync(first));
        Assert.Equal(0, await RunAsync(second));

        Assert.Equal(Snapshot(first), Snapshot(second));
    }

    [Fact]
    public void Resource_and_variable_order_in_the_manifest_do_not_matter()
    {
        var reversed = new JsonObject();
        foreach (var (name, entry) in Samples.ManifestJson()["resources"]!.AsObject().Reverse().ToList())
        {
            var copy = entry!.DeepClone().AsObject();
            if (copy["env"] is JsonObject env)
            {
                copy["env"] = new JsonObject(env.Reverse().Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone())));
            }

            reversed[name] = copy;
        }

        var expected = Samples.Generate(DeployPaths.GoldenOptions).Files.Files;
        var actual = Samples.Generate(new JsonObject { ["resources"] = reversed }, DeployPaths.GoldenOptions).Files.Files;

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_rerun_removes_files_of_objects_that_left_the_manifest_and_keeps_foreign_files()
    {
        var output = Path.Combine(_temp.Path, "out");
        Assert.Equal(0, await RunAsync(output));
        var stale = Path.Combine(output, "base", "old", "deployment.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "stale");
        var foreign = Path.Combine(output, "NOTES.md");
        await File.WriteAllTextAsync(foreign, "mine");

        Assert.Equal(0, await RunAsync(output));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(foreign));
    }

    public void Dispose() => _temp.Dispose();

    private static Task<int> RunAsync(string output) =>
        DeployCli.Create().Parse(["k8s", "--output", output, "--manifest", DeployPaths.SampleManifest, "--with-infrastructure", "--namespace", "agents", "--registry", "ghcr.io/contoso"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });

    private static SortedDictionary<string, string> Snapshot(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);
}
