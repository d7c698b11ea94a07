using AgentApp.Deploy;
using AgentApp.Deploy.Output;
using k8s.Models;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary><c>kubectl kustomize</c> renders both overlays offline, and what it renders passes the same checks.</summary>
public sealed class KustomizeRenderTests : IDisposable
{
    private readonly TempDirectory _output = new();

    [KubectlFact]
    public async Task Production_renders_without_Secrets_with_more_replicas_and_pinned_memory()
    {
        OutputDirectory.Write(_output.Path, Samples.Generate(DeployPaths.GoldenOptions).Files);

        var set = DocumentSet.FromRendered("production", await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", "production")));

        DeployRules.AssertAll(set, secretsIncluded: false);
        Assert.Empty(set.Secrets);
        Assert.Empty(set.StatefulSets);
        Assert.All(set.Documents.Select(d => d.Object).OfType<k8s.IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("agents", o.Metadata.NamespaceProperty));
        // The worker consumes agent-tasks (6 partitions): more consumers would sit idle.
        Assert.All(set.All<V2HorizontalPodAutoscaler>(), h => Assert.Equal((3, h.Metadata.Name == "worker" ? 6 : 10), (h.Spec.MinReplicas, h.Spec.MaxReplicas)));
        Assert.Equal(2, set.Deployment("actors").Spec.Replicas);
        Assert.All(set.Deployments, d => Assert.Equal("384Mi", d.Spec.Template.Spec.Containers.Single().Resources.Limits["memory"].ToString()));
        Assert.All(set.Deployments, d => Assert.StartsWith("registry.example.com/agents/", d.Spec.Template.Spec.Containers.Single().Image, StringComparison.Ordinal));
        Assert.All(set.Deployments, d => Assert.EndsWith(":1.2.3", d.Spec.Template.Spec.Containers.Single().Image, StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task Development_renders_one_replica_each_with_placeholder_Secrets_and_infrastructure()
    {
        OutputDirectory.Write(_output.Path, Samples.Generate(DeployPaths.GoldenOptions).Files);

        var set = DocumentSet.FromRendered("development", await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", "development")));

        DeployRules.AssertAll(set, secretsIncluded: true);
        Assert.Equal(["cache-connection", "chat-api-key", "kafka-connection"], set.Secrets.Select(s => s.Metadata.Name).Order());
        Assert.Equal(["cache", "kafka"], set.StatefulSets.Select(s => s.Metadata.Name).Order());
        Assert.All(set.All<V2HorizontalPodAutoscaler>(), h => Assert.Equal((1, 1), (h.Spec.MinReplicas, h.Spec.MaxReplicas)));
        Assert.All(set.Deployments, d => Assert.True(d.Spec.Replicas is null or 1));
        Assert.All(set.Deployments, d => Assert.Equal("development", d.Metadata.Labels["environment"]));
    }

    [KubectlFact]
    public async Task The_HTTPRoute_variant_renders_too()
    {
        OutputDirectory.Write(_output.Path, Samples.Generate(new GeneratorOptions { Ingress = IngressKind.HttpRoute, ParentGateway = "infra/public" }).Files);

        foreach (var overlay in new[] { "development", "production" })
        {
            var set = DocumentSet.FromRendered(overlay, await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", overlay)));

            DeployRules.AssertAll(set, secretsIncluded: overlay == "development");
            Assert.Empty(set.Ingresses);
            var route = Assert.Single(set.HttpRoutes);
            Assert.Equal(("infra", "public"), (route.Spec.ParentRefs.Single().Namespace, route.Spec.ParentRefs.Single().Name));
        }
    }

    public void Dispose() => _output.Dispose();
}
