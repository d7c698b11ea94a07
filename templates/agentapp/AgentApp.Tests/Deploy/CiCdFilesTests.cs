using AgentApp.Tests.Deploy.Support;
using AgentApp.Tests.Hosting;
using YamlDotNet.Serialization;

namespace AgentApp.Tests.Deploy;

/// <summary>The generated app's CI workflow and Argo CD example agree with the generator and the services.</summary>
public sealed class CiCdFilesTests
{
    private static readonly string s_solution = DeployPaths.SolutionDirectory;

    [Fact]
    public async Task The_workflow_publishes_an_image_for_every_service_in_the_manifest()
    {
        var workflow = Load(Path.Combine(s_solution, ".github", "workflows", "ci.yml"));
        var matrix = (List<object>)At(workflow, "jobs", "images", "strategy", "matrix", "service");
        // The manifest the AppHost publishes today: a service added to the AppHost needs an image the workflow builds.
        var manifest = AgentApp.Deploy.Manifest.AspireManifest.Parse((await PublishedManifestTests.PublishAsync()).ToJsonString());
        var services = manifest.Resources
            .Where(r => r.IsProject).Select(r => Path.GetFileNameWithoutExtension(r.ProjectPath!.Split('/')[^1]));

        Assert.Equal(services.Order(StringComparer.Ordinal), matrix.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Contains("-t:PublishContainer", File.ReadAllText(Path.Combine(s_solution, ".github", "workflows", "ci.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_workflow_renders_the_overlay_the_Argo_CD_Application_syncs()
    {
        var text = File.ReadAllText(Path.Combine(s_solution, ".github", "workflows", "ci.yml"));
        var application = Load(Path.Combine(s_solution, "deploy", "argocd", "application.yaml"));

        Assert.Contains("k8s --output deploy/k8s", text, StringComparison.Ordinal);
        Assert.Equal("deploy/k8s/overlays/production", At(application, "spec", "source", "path"));
        Assert.Contains("overlays/production/kustomization.yaml", Samples.Generate().Files.Paths);
    }

    private static Dictionary<object, object> Load(string path) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(path));

    private static object At(Dictionary<object, object> root, params string[] keys) =>
        keys.Aggregate((object)root, (node, key) => ((Dictionary<object, object>)node)[key]);
}
