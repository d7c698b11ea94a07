using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentApp.Deploy;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Model;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>Generation from the sample manifest, in memory.</summary>
public static class Samples
{
    /// <summary>The solution's name in lower case, as the sample's project files (and so its image names) spell it.</summary>
    public const string SolutionNameLower = "agentapp";

    /// <summary>The same name as the generator spells object names and labels (a name Kubernetes accepts).</summary>
    public static string KubernetesAppName => AppNaming.KubernetesName(SolutionNameLower);

    /// <summary>
    /// Expected text written with the solution's own name, with every use of it as an object name or label in its
    /// Kubernetes form; image names (the name followed by '.') keep it as it is.
    /// </summary>
    public static string WithKubernetesAppName(string text) =>
        Regex.Replace(text, Regex.Escape(SolutionNameLower) + @"(?![.\w])", KubernetesAppName, RegexOptions.None, TimeSpan.FromSeconds(1));

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
