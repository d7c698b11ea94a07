using System.Text.Json.Nodes;
using AgentApp.Deploy;
using AgentApp.Deploy.Manifest;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>Generation from the sample manifest, in memory.</summary>
public static class Samples
{
    /// <summary>The sample manifest as JSON, to modify per test.</summary>
    public static JsonObject ManifestJson() => JsonNode.Parse(File.ReadAllText(DeployPaths.SampleManifest))!.AsObject();

    /// <summary>The sample manifest as a solution called <paramref name="solutionName"/> would publish it (project paths renamed).</summary>
    public static JsonObject ManifestForSolution(string solutionName) =>
        JsonNode.Parse(File.ReadAllText(DeployPaths.SampleManifest).Replace("AgentApp.", solutionName + ".", StringComparison.Ordinal))!.AsObject();

    /// <summary>Generates from the sample manifest.</summary>
    public static KubernetesGenerator.Result Generate(GeneratorOptions? options = null) =>
        KubernetesGenerator.Generate(AspireManifest.Load(DeployPaths.SampleManifest), options ?? new GeneratorOptions());

    /// <summary>Generates from a manifest given as JSON.</summary>
    public static KubernetesGenerator.Result Generate(JsonObject manifest, GeneratorOptions? options = null) =>
        KubernetesGenerator.Generate(AspireManifest.Parse(manifest.ToJsonString()), options ?? new GeneratorOptions());

    /// <summary>The base plus every component: what the development overlay renders, before kustomize.</summary>
    public static DocumentSet Unrendered(KubernetesGenerator.Result result) =>
        DocumentSet.FromFiles(result.Files).Under("base/", "components/");
}
