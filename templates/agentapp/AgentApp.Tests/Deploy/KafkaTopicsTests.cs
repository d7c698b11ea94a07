using AgentApp.Deploy;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Output;
using k8s.Models;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>Every topic the AppHost declares is created with its partition count, and consumers never outnumber partitions.</summary>
public sealed class KafkaTopicsTests(PublishedManifestFixture fixture) : IClassFixture<PublishedManifestFixture>, IDisposable
{
    private readonly TempDirectory _output = new();

    [KubectlFact]
    public async Task Both_overlays_provision_every_declared_topic_and_cap_its_consumers_at_its_partitions()
    {
        var (broker, topics) = DeclaredTopic.Of(fixture.Manifest);
        OutputDirectory.Write(_output.Path, KubernetesGenerator.Generate(AspireManifest.Parse(fixture.Manifest.ToJsonString()),
            new GeneratorOptions { Registry = "registry.example.com/agents", KafkaReplicationFactor = 3 }).Files);

        foreach (var overlay in new[] { "development", "production" })
        {
            var set = DocumentSet.FromRendered(overlay, await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", overlay)));
            var job = Assert.Single(set.Jobs);
            var container = job.Spec.Template.Spec.Containers.Single();
            var script = string.Join(' ', container.Command);
            foreach (var topic in topics)
            {
                Assert.Contains($"--topic {topic.Name} --partitions {topic.Partitions} ", script, StringComparison.Ordinal);
                foreach (var consumer in topic.Consumers)
                {
                    var hpa = set.All<V2HorizontalPodAutoscaler>().SingleOrDefault(h => h.Spec.ScaleTargetRef.Name == consumer);
                    Assert.True(hpa is null || hpa.Spec.MaxReplicas <= topic.Partitions, $"{overlay}: {consumer} may scale to {hpa?.Spec.MaxReplicas} consumers of {topic.Name} ({topic.Partitions} partitions)");
                }
            }

            Assert.Contains("--if-not-exists", script, StringComparison.Ordinal);
            Assert.Equal(overlay == "production" ? "3" : "1", container.Env.Single(e => e.Name == "REPLICATION_FACTOR").Value);
            Assert.Equal($"{broker}-connection", container.Env.Single(e => e.Name == "BOOTSTRAP_SERVERS").ValueFrom.SecretKeyRef.Name);
            DeployRules.AssertAll(set, secretsIncluded: overlay == "development");
        }
    }

    [Fact]
    public void A_consumer_of_a_two_partition_topic_scales_to_two_replicas_at_most()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["kafka"]!["topics"]![0]!["partitions"] = 2;

        var files = Samples.Generate(manifest, DeployPaths.GoldenOptions).Files.Files;
        var set = DocumentSet.FromFiles(Samples.Generate(manifest, DeployPaths.GoldenOptions).Files);

        var baseHpa = set.All<V2HorizontalPodAutoscaler>().Single(h => h.Metadata.Name == "worker" && h.Spec.Metrics is not null);
        var production = set.All<V2HorizontalPodAutoscaler>().Single(h => h.Metadata.Name == "worker" && h.Spec.Metrics is null && h.Spec.MaxReplicas > 1);
        Assert.Equal((2, 2), (baseHpa.Spec.MinReplicas, baseHpa.Spec.MaxReplicas));
        Assert.Equal((2, 2), (production.Spec.MinReplicas, production.Spec.MaxReplicas));
        Assert.Contains(files.Keys, k => k.StartsWith("base/kafka/kafka-topics-job", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_topic_list_gets_a_new_Job_name()
    {
        var before = Samples.Unrendered(Samples.Generate()).Jobs.Single().Metadata.Name;
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["kafka"]!["topics"]![0]!["partitions"] = 12;

        var after = Samples.Unrendered(Samples.Generate(manifest)).Jobs.Single().Metadata.Name;

        Assert.NotEqual(before, after);
    }

    public void Dispose() => _output.Dispose();
}
