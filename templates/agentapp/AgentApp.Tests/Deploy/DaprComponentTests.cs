using AgentApp.Deploy.Manifest;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>Dapr Components validate against the CRD schema and carry the metadata the AppHost declared.</summary>
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
    public void Metadata_comes_from_the_manifest_with_backing_service_values_read_from_its_connection_Secret()
    {
        var set = Samples.Unrendered(Samples.Generate());
        var store = set.Component("statestore");

        Assert.Equal(["redisHost", "redisPassword", "actorStateStore"], store.Spec.Metadata.Select(m => m.Name));
        Assert.Equal(("cache-connection", "address"), (store.Spec.Metadata[0].SecretKeyRef!.Name, store.Spec.Metadata[0].SecretKeyRef!.Key));
        Assert.Equal(("cache-connection", "password"), (store.Spec.Metadata[1].SecretKeyRef!.Name, store.Spec.Metadata[1].SecretKeyRef!.Key));
        Assert.Equal("true", store.Spec.Metadata[2].Value);
        Assert.Equal(("kafka-connection", "connectionString"),
            (set.Component("pubsub").Spec.Metadata.Single(m => m.Name == "brokers").SecretKeyRef!.Name, set.Component("pubsub").Spec.Metadata.Single(m => m.Name == "brokers").SecretKeyRef!.Key));
        DeployRules.AssertAll(set, secretsIncluded: true);
    }

    [Fact]
    public void A_component_keeps_the_metadata_it_declares_whatever_the_backing_resource_is_called()
    {
        // No name convention: the Redis is called "sessions" and the store still finds it through its metadata.
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(Samples.ManifestJson().ToJsonString()
            .Replace("{cache.", "{sessions.", StringComparison.Ordinal).Replace("\"cache\":", "\"sessions\":", StringComparison.Ordinal))!.AsObject();

        var store = Samples.Unrendered(Samples.Generate(manifest)).Component("statestore");

        Assert.Equal("sessions-connection", store.Spec.Metadata.Single(m => m.Name == "redisHost").SecretKeyRef!.Name);
    }

    [Fact]
    public void A_second_actor_state_store_is_an_error()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["other-store"] = System.Text.Json.Nodes.JsonNode.Parse(
            """{"type":"dapr.component.v0","daprComponent":{"type":"state.redis","metadata":{"redisHost":"{cache.bindings.tcp.host}:{cache.bindings.tcp.port}","actorStateStore":"true"}}}""");

        var error = Assert.Throws<ManifestException>(() => Samples.Generate(manifest));

        Assert.Contains("exactly one actorStateStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_without_metadata_is_written_and_reported()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["pubsub"]!["daprComponent"]!.AsObject().Remove("metadata");

        var result = Samples.Generate(manifest);

        Assert.Empty(Samples.Unrendered(result).Component("pubsub").Spec.Metadata);
        Assert.Contains(result.Warnings, w => w.StartsWith("pubsub: the manifest declares no metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void Redis_TLS_turns_on_enableTLS_for_Redis_components_only()
    {
        var set = Samples.Unrendered(Samples.Generate(new AgentApp.Deploy.GeneratorOptions { RedisTls = true }));

        Assert.Equal("true", set.Component("statestore").Spec.Metadata.Single(m => m.Name == "enableTLS").Value);
        Assert.DoesNotContain(set.Component("pubsub").Spec.Metadata, m => m.Name == "enableTLS");
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
