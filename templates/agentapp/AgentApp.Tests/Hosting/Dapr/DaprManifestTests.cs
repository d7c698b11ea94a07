using System.Text.Json.Nodes;
using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;

namespace AgentApp.Tests.Hosting.Dapr;

/// <summary>Publish mode: Dapr resources are manifest entries only, with Aspire's fields plus the documented deployment fields.</summary>
public sealed class DaprManifestTests : IDisposable
{
    private readonly DaprTestHost _host = new();

    [Fact]
    public async Task Sidecar_entry_names_the_application_app_id_and_components()
    {
        var model = DaprAgentModel.Create(_host.PublishMode());

        var entry = await ManifestJson.EntryAsync(model.Sidecar);

        AssertJson("""{"type":"dapr.v0","dapr":{"application":"actors","appId":"actors","components":["statestore"]}}""", entry);
        ManifestSchema.AssertValidEntry("actors-dapr", entry);
    }

    [Fact]
    public async Task Sidecar_entry_uses_the_configured_app_id()
    {
        var model = DaprAgentModel.Create(_host.PublishMode(), new DaprSidecarOptions { AppId = "agent-actors", LogLevel = "debug" });

        var entry = await ManifestJson.EntryAsync(model.Sidecar);

        AssertJson("""{"type":"dapr.v0","dapr":{"application":"actors","appId":"agent-actors","components":["statestore"]}}""", entry);
        ManifestSchema.AssertValidEntry("actors-dapr", entry);
    }

    [Fact]
    public async Task Component_entry_carries_the_concrete_type_version_and_metadata_as_manifest_expressions()
    {
        var model = DaprAgentModel.Create(_host.PublishMode());

        var entry = await ManifestJson.EntryAsync(model.StateStore.Resource);

        // enableTLS is left out: whether Redis speaks TLS is the deployment's choice (a managed Redis), not the AppHost's.
        AssertJson("""
            {"type":"dapr.component.v0","daprComponent":{"type":"state.redis","version":"v1","metadata":{
              "redisHost":"{cache.bindings.tcp.host}:{cache.bindings.tcp.port}","redisPassword":"{cache-password.value}","actorStateStore":"true"}}}
            """, entry);
        ManifestSchema.AssertValidEntry("statestore", entry);
    }

    [Fact]
    public async Task Roles_reach_the_manifest_and_load_the_actor_state_store()
    {
        var model = DaprAgentModel.Create(_host.PublishMode());
        model.Builder.AddProject("worker", DaprTestHost.ActorsProjectPath).WithHttpEndpoint().WithDaprSidecar(s => s.WithWorkflowClient());
        model.Builder.AddProject("engine", DaprTestHost.ActorsProjectPath).WithHttpEndpoint().WithDaprSidecar(s => s.WithActors().WithWorkflows());

        var worker = await ManifestJson.EntryAsync(model.Builder.Resources.OfType<DaprSidecarResource>().Single(s => s.Name == "worker-dapr"));
        var engine = await ManifestJson.EntryAsync(model.Builder.Resources.OfType<DaprSidecarResource>().Single(s => s.Name == "engine-dapr"));

        AssertJson("""{"type":"dapr.v0","dapr":{"application":"worker","appId":"worker","components":["statestore"],"roles":["schedulesWorkflows"]}}""", worker);
        AssertJson("""{"type":"dapr.v0","dapr":{"application":"engine","appId":"engine","components":["statestore"],"roles":["hostsActors","registersWorkflows","schedulesWorkflows"]}}""", engine);
        ManifestSchema.AssertValidEntry("engine-dapr", engine);
    }

    [Fact]
    public async Task Sidecar_without_components_lists_none()
    {
        var builder = _host.PublishMode();
        builder.AddProject("api", DaprTestHost.ActorsProjectPath).WithDaprSidecar();

        var entry = await ManifestJson.EntryAsync(builder.Resources.OfType<DaprSidecarResource>().Single());

        AssertJson("""{"type":"dapr.v0","dapr":{"application":"api","appId":"api","components":[]}}""", entry);
        ManifestSchema.AssertValidEntry("api-dapr", entry);
    }

    [Fact]
    public void Publish_mode_adds_no_processes_even_with_daprd_installed()
    {
        var model = DaprAgentModel.Create(_host.PublishMode());

        Assert.DoesNotContain(model.Builder.Resources, DaprTestHost.RunsDapr);
        Assert.DoesNotContain(model.Builder.Resources, r => r.Name.StartsWith("dapr-", StringComparison.Ordinal));
        Assert.DoesNotContain(model.Builder.Resources, r => r is DaprdResource);
        Assert.Single(model.Builder.Resources.OfType<DaprSidecarResource>());
    }

    [Fact]
    public void Component_metadata_stays_in_the_app_model_for_deployment_generators()
    {
        var model = DaprAgentModel.Create(_host.PublishMode());

        var metadata = model.StateStore.Resource.Metadata.ToDictionary(m => m.Name);

        Assert.Equal(["redisHost", "redisPassword", "enableTLS", "actorStateStore"], metadata.Keys);
        Assert.Equal("true", metadata["actorStateStore"].Value);
        Assert.True(model.StateStore.Resource.IsActorStateStore);
        Assert.Same(model.Cache.Resource, metadata["redisHost"].Source);
        Assert.True(metadata["redisPassword"].IsSecret);
        Assert.False(metadata["redisHost"].IsSecret);
    }

    public void Dispose() => _host.Dispose();

    private static void AssertJson(string expected, JsonObject actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");
}
