using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>
/// The generated app's supply chain: the CI workflow is valid for GitHub (SchemaStore's schema), runs only actions pinned
/// to a commit, describes every image with an SBOM, signs it keylessly and attests the SBOM; Dependabot keeps NuGet
/// packages and the pinned actions current.
/// </summary>
public sealed partial class SupplyChainTests
{
    private static readonly string s_workflowPath = Path.Combine(DeployPaths.SolutionDirectory, ".github", "workflows", "ci.yml");
    private static readonly string s_dependabotPath = Path.Combine(DeployPaths.SolutionDirectory, ".github", "dependabot.yml");

    [Fact]
    public void The_workflow_is_valid_against_GitHubs_workflow_schema()
    {
        var workflow = YamlJson.Parse(File.ReadAllText(s_workflowPath));

        Assert.Empty(SchemaFiles.Errors(SchemaFiles.GitHubWorkflow, workflow));
    }

    [Fact]
    public void The_workflow_schema_rejects_what_GitHub_rejects()
    {
        // Guards the validation itself: a misspelt key and a job without runs-on are refused.
        var workflow = YamlJson.Parse(File.ReadAllText(s_workflowPath))!.AsObject();
        var build = workflow["jobs"]!["build"]!.AsObject();
        build.Remove("runs-on");
        build["timeout-minute"] = 5;

        Assert.NotEmpty(SchemaFiles.Errors(SchemaFiles.GitHubWorkflow, workflow));
    }

    [Fact]
    public void Every_action_is_pinned_to_a_full_commit_sha_with_its_version_beside_it()
    {
        var workflow = YamlJson.Parse(File.ReadAllText(s_workflowPath))!;
        var uses = Jobs(workflow).SelectMany(job => Steps(job).Select(step => (string?)step["uses"]).Append((string?)job["uses"]))
            .OfType<string>().ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, use => Assert.Matches(PinnedAction(), use));
        // The version tag rides in a comment on the same line, so a reader (and Dependabot) sees what the SHA is.
        var lines = File.ReadAllLines(s_workflowPath).Where(line => line.TrimStart().TrimStart('-').TrimStart().StartsWith("uses:", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Matches(VersionComment(), line));
    }

    [Fact]
    public void Every_image_gets_an_SBOM_a_keyless_signature_and_an_SBOM_attestation_by_digest()
    {
        var workflow = YamlJson.Parse(File.ReadAllText(s_workflowPath))!;
        var images = workflow["jobs"]!["images"]!;
        var steps = Steps(images).ToList();
        var publish = steps.Single(s => ((string?)s["run"])?.Contains("-t:PublishContainer", StringComparison.Ordinal) == true);
        var sbom = steps.Single(s => ((string?)s["uses"])?.StartsWith("anchore/sbom-action@", StringComparison.Ordinal) == true);
        var sign = steps.Single(s => ((string?)s["run"])?.Contains("cosign sign", StringComparison.Ordinal) == true);
        var script = (string)sign["run"]!;

        Assert.Equal("write", (string?)images["permissions"]!["id-token"]);
        Assert.Contains(steps, s => ((string?)s["uses"])?.StartsWith("sigstore/cosign-installer@", StringComparison.Ordinal) == true);
        Assert.Contains("GeneratedContainerDigest", (string)publish["run"]!, StringComparison.Ordinal);
        var image = $"${{{{ steps.{(string)publish["id"]!}.outputs.image }}}}";
        Assert.Equal(image, (string?)sbom["with"]!["image"]);
        Assert.Equal(image, (string?)sign["env"]!["IMAGE"]);
        Assert.True(steps.IndexOf(publish) < steps.IndexOf(sbom) && steps.IndexOf(sbom) < steps.IndexOf(sign), "publish, then SBOM, then sign");
        Assert.Contains("cosign sign --yes \"$IMAGE\"", script, StringComparison.Ordinal);
        Assert.Contains($"--predicate {(string)sbom["with"]!["output-file"]!}", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--key", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependabot_updates_NuGet_packages_and_actions_and_is_valid()
    {
        var config = YamlJson.Parse(File.ReadAllText(s_dependabotPath));

        Assert.Empty(SchemaFiles.Errors(SchemaFiles.Dependabot, config));
        var ecosystems = config!["updates"]!.AsArray().Select(u => ((string)u!["package-ecosystem"]!, (string)u["directory"]!));
        Assert.Equal([("github-actions", "/"), ("nuget", "/")], ecosystems.Order());
    }

    private static IEnumerable<JsonNode> Jobs(JsonNode workflow) =>
        workflow["jobs"]!.AsObject().Select(job => job.Value!);

    private static IEnumerable<JsonNode> Steps(JsonNode job) =>
        job["steps"]?.AsArray().Select(step => step!) ?? [];

    // owner/repo[/path]@<40 hex>, or a local action, or a container pinned by digest.
    [GeneratedRegex(@"^([\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}|\./.+|docker://[^@]+@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"@[0-9a-f]{40} # v\d+(\.\d+)*$")]
    private static partial Regex VersionComment();
}
