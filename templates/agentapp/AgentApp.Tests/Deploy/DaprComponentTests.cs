using AgentApp.Deploy.Manifest;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>Dapr Components validate against the CRD schema, and the conventions that fill their metadata hold.</summary>
public sealed class DaprComponentTests
{
    [Fact]
    public void Every_generated_Component_validates_against_the_Dapr_schema()
    {
        var components = Samples.Generate().Files.Files.Where(f => f.Key.StartsWith("base/dapr/component-", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, components.Count);
        Assert.All(components, c => Assert.True(DaprComponentSchema.Errors(c.Value).Count == 0,
            $"{c.Key}:\n{string.Join('\n', DaprComponentSchema.Errors(c.Value))}"));
    }

    [Fact]
    public void The_schema_check_rejects_what_Aspirate_writes()
    {
        // Aspirate's output for our state store: generic type, empty metadata.
        const string aspirate = "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state\n  version: v1\n  metadata: []\n";

        Assert.Contains(DaprComponentSchema.Errors(aspirate), e => e.Contains("/spec/type", StringComparison.Ordinal));
    }

    [Fact]
    public void A_generic_component_type_is_refused()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["statestore"]!["daprComponent"]!["type"] = "state";

        var error = Assert.Throws<ManifestException>(() => Samples.Generate(manifest));

        Assert.Contains("generic type 'state'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_several_state_stores_the_one_named_statestore_keeps_actor_state()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["cachestore"] = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"dapr.component.v0","daprComponent":{"type":"state.redis"}}""");

        var set = Samples.Unrendered(Samples.Generate(manifest));

        Assert.Equal(["statestore"], set.Components.Where(c => c.Spec.Metadata.Any(m => m.Name == "actorStateStore")).Select(c => c.Metadata.Name));
        DeployRules.AssertAll(set, secretsIncluded: true);
    }

    [Fact]
    public void Several_state_stores_without_a_conventional_name_are_an_error()
    {
        var manifest = Samples.ManifestJson();
        var resources = manifest["resources"]!.AsObject();
        resources["store-a"] = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"dapr.component.v0","daprComponent":{"type":"state.redis"}}""");
        resources.Remove("statestore");
        resources["actors-dapr"]!["dapr"]!["components"] = new System.Text.Json.Nodes.JsonArray("store-a");
        resources["store-b"] = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"dapr.component.v0","daprComponent":{"type":"state.redis"}}""");

        var error = Assert.Throws<ManifestException>(() => Samples.Generate(manifest));

        Assert.Contains("exactly one actorStateStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sidecar_loading_an_unknown_component_is_an_error()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["api-dapr"]!["dapr"]!["components"] = new System.Text.Json.Nodes.JsonArray("nope");

        var error = Assert.Throws<ManifestException>(() => Samples.Generate(manifest));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }
}
