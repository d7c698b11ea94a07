using System.CommandLine;
using AgentApp.Deploy.Cli;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>The <c>k8s</c> command line: options, exit codes, messages, and finding the AppHost.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Writes_the_tree_and_reports_what_it_left_out()
    {
        var (exitCode, stdout, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", DeployPaths.SampleManifest, "--ingress", "httproute", "--registry", "ghcr.io/contoso/");

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("Wrote ", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_temp.Path, "overlays", "production", "kustomization.yaml")));
        Assert.True(File.Exists(Path.Combine(_temp.Path, "base", "gateway", "httproute.yaml")));
        Assert.Contains("newName: ghcr.io/contoso/agentapp.api", await File.ReadAllTextAsync(Path.Combine(_temp.Path, "base", "kustomization.yaml")), StringComparison.Ordinal);
        Assert.Contains("warning: api: left out services__actors__https__0", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_manifest_is_an_error_with_exit_code_1()
    {
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", Path.Combine(_temp.Path, "nope.json"));

        Assert.Equal(1, exitCode);
        Assert.Contains("error: No manifest at", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k8s", "--manifest", "x.json")]
    [InlineData("k8s", "-o", "out", "--ingress", "nginx")]
    public async Task Invalid_command_lines_are_rejected(params string[] args)
    {
        var (exitCode, _, stderr) = await RunAsync(args);

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public void Finds_the_AppHost_of_this_solution_from_the_build_output()
    {
        var found = AppHostLocator.Find([AppContext.BaseDirectory]);

        Assert.Equal(Path.GetFullPath(Projects.AgentApp_AppHost.ProjectPath).TrimEnd('/'), Path.GetDirectoryName(found));
        Assert.Equal(Path.GetFileNameWithoutExtension(found!)[..^".AppHost".Length], AppHostLocator.SolutionName);
    }

    [Fact]
    public void Finds_nothing_where_there_is_no_AppHost() =>
        Assert.Null(AppHostLocator.Find([_temp.Path]));

    public void Dispose() => _temp.Dispose();

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await DeployCli.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
