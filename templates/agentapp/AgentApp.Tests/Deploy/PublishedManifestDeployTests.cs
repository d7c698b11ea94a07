using System.Text.Json.Nodes;
using AgentApp.Deploy;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Output;
using AgentApp.Tests.Deploy.Support;
using AgentApp.Tests.Hosting;

namespace AgentApp.Tests.Deploy;

/// <summary>The manifest the AppHost publishes right now, published once for these tests.</summary>
public sealed class PublishedManifestFixture : IAsyncLifetime
{
    /// <summary>The published manifest.</summary>
    public JsonObject Manifest { get; private set; } = null!;

    public async Task InitializeAsync() => Manifest = await PublishedManifestTests.PublishAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The deploy checks on the real manifest of this solution (not the sample): whatever the AppHost declares today
/// must generate strict, rule-abiding YAML that kustomize renders.
/// </summary>
public sealed class PublishedManifestDeployTests(PublishedManifestFixture fixture) : IClassFixture<PublishedManifestFixture>, IDisposable
{
    private readonly TempDirectory _output = new();

    [Fact]
    public void Every_project_becomes_a_Deployment_that_passes_the_rules()
    {
        var result = Generate(new GeneratorOptions { WithInfrastructure = true });
        var set = Samples.Unrendered(result);

        var projects = fixture.Manifest["resources"]!.AsObject().Where(r => r.Value!["type"]!.GetValue<string>().StartsWith("project.", StringComparison.Ordinal)).Select(r => r.Key);
        Assert.Equal(projects.Order(StringComparer.Ordinal), set.Deployments.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        DeployRules.AssertAll(set, secretsIncluded: true);
    }

    [Fact]
    public void No_secret_parameter_value_reaches_a_ConfigMap()
    {
        var set = Samples.Unrendered(Generate(new GeneratorOptions()));
        var secretParameters = fixture.Manifest["resources"]!.AsObject()
            .Where(r => r.Value!["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true).Select(r => Placeholders.For(r.Key)).ToList();

        Assert.All(set.ConfigMaps.SelectMany(c => c.Data.Values), value => Assert.DoesNotContain(secretParameters, value.Contains));
        Assert.All(set.ConfigMaps.SelectMany(c => c.Data.Keys), key => Assert.False(DeployRules.LooksSecret(key), key));
    }

    [Fact]
    public void The_agent_events_pub_sub_becomes_a_Kafka_Component_with_the_brokers_from_Kafka_s_Secret()
    {
        var set = Samples.Unrendered(Generate(new GeneratorOptions { WithInfrastructure = true }));
        var component = set.Component("agent-events");

        Assert.Equal("pubsub.kafka", component.Spec.Type);
        Assert.Equal(["brokers", "authType"], component.Spec.Metadata.Select(m => m.Name));
        Assert.Equal(("kafka-connection", "connectionString"),
            (component.Spec.Metadata[0].SecretKeyRef!.Name, component.Spec.Metadata[0].SecretKeyRef!.Key));
        Assert.Equal("none", component.Spec.Metadata[1].Value);
        Assert.Equal(["worker"], component.Scopes);
        DeployRules.AssertAll(set, secretsIncluded: true);
    }

    [KubectlFact]
    public async Task Both_overlays_render()
    {
        OutputDirectory.Write(_output.Path, Generate(new GeneratorOptions { WithInfrastructure = true, Namespace = "agents" }).Files);

        foreach (var overlay in new[] { "development", "production" })
        {
            var rendered = await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", overlay));
            DeployRules.AssertAll(DocumentSet.FromRendered(overlay, rendered), secretsIncluded: overlay == "development");
        }
    }

    public void Dispose() => _output.Dispose();

    private KubernetesGenerator.Result Generate(GeneratorOptions options) =>
        KubernetesGenerator.Generate(AspireManifest.Parse(fixture.Manifest.ToJsonString()), options);
}
