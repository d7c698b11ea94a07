using System.Text.Json.Nodes;
using AgentApp.Deploy;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Output;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>
/// Dapr's workflow rules, enforced from the manifest the AppHost publishes: a workflow instance runs in the app whose
/// sidecar scheduled it, and every app that hosts actors or takes part in workflows needs the actor state store.
/// </summary>
public sealed class WorkflowScopingTests(PublishedManifestFixture fixture) : IClassFixture<PublishedManifestFixture>, IDisposable
{
    private readonly TempDirectory _output = new();

    [KubectlFact]
    public async Task The_actor_state_store_is_scoped_to_every_app_that_hosts_actors_or_schedules_or_hosts_workflows()
    {
        var participants = Sidecars(fixture.Manifest).Where(s => s.Roles.Count > 0).Select(s => s.AppId).ToList();
        Assert.NotEmpty(participants);
        OutputDirectory.Write(_output.Path, Generate(fixture.Manifest).Files);

        foreach (var overlay in new[] { "development", "production" })
        {
            var set = DocumentSet.FromRendered(overlay, await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", overlay)));
            var store = Assert.Single(set.Components, c => c.Spec.Metadata.Any(m => m.Name == "actorStateStore" && m.Value == "true"));
            Assert.Superset(participants.ToHashSet(), (store.Scopes ?? []).ToHashSet());
            DeployRules.AssertAll(set, secretsIncluded: overlay == "development");
        }
    }

    [Fact]
    public void No_app_schedules_a_workflow_it_does_not_register()
    {
        var clients = Sidecars(fixture.Manifest).Where(s => s.Roles.Contains("schedulesWorkflows") && !s.Roles.Contains("registersWorkflows")).Select(s => s.AppId);
        var result = Generate(fixture.Manifest);

        Assert.Empty(clients);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("registers no workflow", StringComparison.Ordinal));
    }

    [Fact]
    public void The_generator_reports_an_app_that_schedules_workflows_it_does_not_register()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["api-dapr"]!["dapr"]!["roles"] = new JsonArray("schedulesWorkflows");
        manifest["resources"]!["worker-dapr"]!["dapr"]!["roles"] = new JsonArray("registersWorkflows", "schedulesWorkflows");

        var warnings = Samples.Generate(manifest).Warnings;

        Assert.Single(warnings, w => w.StartsWith("api: uses the workflow client but registers no workflow", StringComparison.Ordinal));
    }

    [Fact]
    public void A_workflow_app_is_scoped_to_the_actor_state_store_even_when_its_sidecar_does_not_list_it()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["worker-dapr"]!["dapr"]!["components"] = new JsonArray("pubsub");

        var store = Samples.Unrendered(Samples.Generate(manifest)).Component("statestore");

        Assert.Contains("worker", store.Scopes!);
    }

    [Fact]
    public void Workflow_apps_without_an_actor_state_store_are_an_error()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["statestore"]!["daprComponent"]!["metadata"]!.AsObject().Remove("actorStateStore");

        var error = Assert.Throws<ManifestException>(() => Samples.Generate(manifest));

        Assert.Contains("no component has actorStateStore", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _output.Dispose();

    private static KubernetesGenerator.Result Generate(JsonObject manifest) =>
        KubernetesGenerator.Generate(AspireManifest.Parse(manifest.ToJsonString()), new GeneratorOptions { Registry = "registry.example.com/agents" });

    private static IEnumerable<(string AppId, IReadOnlyList<string> Roles)> Sidecars(JsonObject manifest) =>
        manifest["resources"]!.AsObject().Where(r => r.Value!["type"]!.GetValue<string>() == "dapr.v0").Select(r => (
            r.Value!["dapr"]!["appId"]!.GetValue<string>(),
            (IReadOnlyList<string>)[.. r.Value["dapr"]!["roles"]?.AsArray().Select(x => x!.GetValue<string>()) ?? []]));
}
