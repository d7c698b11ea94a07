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
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", Path.Combine(_temp.Path, "nope.json"), "--registry", "ghcr.io/contoso");

        Assert.Equal(1, exitCode);
        Assert.Contains("error: No manifest at", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_registry_nothing_is_written_and_the_error_names_the_option()
    {
        var output = Path.Combine(_temp.Path, "k8s");

        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", output, "-m", DeployPaths.SampleManifest);

        Assert.Equal(1, exitCode);
        Assert.Contains("--registry is required", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task The_tag_defaults_to_the_solutions_version_and_version_tags_are_pulled_if_not_present()
    {
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso");

        Assert.True(exitCode == 0, stderr);
        Assert.All(Deployments(), d => Assert.Equal("IfNotPresent", d.Spec.Template.Spec.Containers[0].ImagePullPolicy));
        var images = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(_temp.Path, "base", "kustomization.yaml")))!["images"]!.AsArray();
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.Equal(AgentApp.Deploy.Model.ImageTag.AppVersion, i!["newTag"]!.GetValue<string>()));
        Assert.NotEqual("latest", AgentApp.Deploy.Model.ImageTag.AppVersion);
        Assert.DoesNotContain("warning: images:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latest", "Always")]
    [InlineData("main", "Always")]
    [InlineData("1.2", "Always")]
    [InlineData("1.2.3", "IfNotPresent")]
    [InlineData("v2.0.0-rc.1", "IfNotPresent")]
    [InlineData("3f9c2a1d", "IfNotPresent")]
    public async Task The_pull_policy_follows_the_tag_and_a_moving_tag_is_warned_about(string tag, string policy)
    {
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso", "--tag", tag);

        Assert.True(exitCode == 0, stderr);
        Assert.All(Deployments(), d => Assert.Equal(policy, d.Spec.Template.Spec.Containers[0].ImagePullPolicy));
        Assert.Equal(policy == "Always", stderr.Contains($"warning: images: the tag '{tag}' moves", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_tag_is_rejected_by_name()
    {
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso", "--tag", "v1:2");

        Assert.Equal(1, exitCode);
        Assert.Contains("--tag: 'v1:2' is not an image tag", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strimzi_topics_without_the_cluster_name_are_rejected_by_name()
    {
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso", "--kafka-topics", "strimzi");

        Assert.Equal(1, exitCode);
        Assert.Contains("--kafka-topics strimzi needs --strimzi-cluster", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_options_write_KafkaTopics_and_a_ScaledObject()
    {
        var (exitCode, _, stderr) = await RunAsync("k8s", "-o", _temp.Path, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso",
            "--kafka-topics", "strimzi", "--strimzi-cluster", "events", "--autoscaler", "keda", "--keda-lag-threshold", "4");

        Assert.True(exitCode == 0, stderr);
        var topic = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(_temp.Path, "components", "kafka-topics", "agent-tasks.yaml")))!;
        Assert.Equal("events", topic["metadata"]!["labels"]!["strimzi.io/cluster"]!.GetValue<string>());
        var scaled = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(_temp.Path, "base", "worker", "scaledobject.yaml")))!;
        Assert.Equal("4", scaled["spec"]!["triggers"]![0]!["metadata"]!["lagThreshold"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(_temp.Path, "base", "worker", "horizontalpodautoscaler.yaml")));
    }

    [Theory]
    [InlineData("k8s", "--manifest", "x.json")]
    [InlineData("k8s", "-o", "out", "--registry", "r", "--autoscaler", "lag")]
    [InlineData("k8s", "-o", "out", "--registry", "r", "--kafka-topics", "operator")]
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

    private List<k8s.Models.V1Deployment> Deployments() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(_temp.Path, "base"), "deployment.yaml", SearchOption.AllDirectories)
            .SelectMany(f => KubernetesDocuments.Parse(f, File.ReadAllText(f))).Select(d => d.Object).OfType<k8s.Models.V1Deployment>(),
    ];

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await DeployCli.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
