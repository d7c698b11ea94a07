using AgentApp.Deploy;
using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Output;
using AgentApp.Tests.Deploy.Support;
using k8s.Models;

namespace AgentApp.Tests.Deploy;

/// <summary>
/// The operator-based options on this solution's published manifest: Strimzi <c>KafkaTopic</c>s instead of the
/// provisioning Job, and a KEDA <c>ScaledObject</c> on consumer-group lag instead of the consumer's CPU autoscaler.
/// </summary>
public sealed class KafkaOperatorsTests(PublishedManifestFixture fixture) : IClassFixture<PublishedManifestFixture>, IDisposable
{
    private readonly TempDirectory _output = new();

    [KubectlFact]
    public async Task Strimzi_topics_replace_the_Job_with_every_declared_topic_its_partitions_and_the_cluster_label()
    {
        var (_, topics) = DeclaredTopic.Of(fixture.Manifest);
        Render(new GeneratorOptions
        {
            Registry = "registry.example.com/agents", KafkaTopics = TopicProvisioning.Strimzi, StrimziCluster = "events", KafkaReplicationFactor = 3,
        });

        foreach (var overlay in new[] { "development", "production" })
        {
            var set = await RenderedAsync(overlay);
            Assert.Empty(set.Jobs);
            AssertStrimziTopics(set, topics, overlay == "production" ? 3 : null);
            foreach (var topic in topics)
            {
                AssertConsumersCapped(set, topic, overlay);
            }

            DeployRules.AssertAll(set, secretsIncluded: overlay == "development");
        }
    }

    [KubectlFact]
    public async Task With_in_cluster_Kafka_the_development_overlay_creates_the_topics_with_the_Job_and_production_with_Strimzi()
    {
        var (broker, topics) = DeclaredTopic.Of(fixture.Manifest);
        Render(new GeneratorOptions
        {
            Registry = "registry.example.com/agents", KafkaTopics = TopicProvisioning.Strimzi, StrimziCluster = "events", WithInfrastructure = true,
        });

        // The in-cluster broker has no Topic Operator: KafkaTopics there would never be created (nor apply without the CRD).
        var development = await RenderedAsync("development");
        Assert.Empty(development.All<StrimziKafkaTopic>());
        var script = string.Join(' ', Assert.Single(development.Jobs).Spec.Template.Spec.Containers.Single().Command);
        Assert.All(topics, t => Assert.Contains($"--topic {t.Name} --partitions {t.Partitions} ", script, StringComparison.Ordinal));
        var policy = development.All<V1NetworkPolicy>().Single(p => p.Metadata.Name == broker);
        Assert.Contains(policy.Spec.Ingress.SelectMany(r => r.FromProperty), p => p.PodSelector?.MatchLabels[Labels.Name] == KafkaTopicsJobBuilder.TopicsLabel(broker));
        DeployRules.AssertAll(development, secretsIncluded: true);

        var production = await RenderedAsync("production");
        Assert.Empty(production.Jobs);
        AssertStrimziTopics(production, topics, 3);
    }

    [KubectlFact]
    public async Task KEDA_scales_each_consumer_on_its_groups_lag_within_its_topics_partitions_and_nothing_else_changes()
    {
        var (broker, topics) = DeclaredTopic.Of(fixture.Manifest);
        var consumers = topics.SelectMany(t => t.Consumers).Distinct().ToList();
        Assert.NotEmpty(consumers);
        Render(new GeneratorOptions { Registry = "registry.example.com/agents", ConsumerScaling = ConsumerScaling.Keda, WithInfrastructure = true });

        foreach (var overlay in new[] { "development", "production" })
        {
            var set = await RenderedAsync(overlay);
            foreach (var consumer in consumers)
            {
                var scaled = Assert.Single(set.All<KedaScaledObject>(), s => s.Spec.ScaleTargetRef.Name == consumer);
                var container = set.Deployment(consumer).Spec.Template.Spec.Containers.Single(c => c.Name == scaled.Spec.ScaleTargetRef.EnvSourceContainerName);
                foreach (var topic in topics.Where(t => t.Consumers.Contains(consumer)))
                {
                    var trigger = Assert.Single(scaled.Spec.Triggers!, t => t.Metadata["topic"] == topic.Name);
                    Assert.Equal("kafka", trigger.Type);
                    // The group the worker joins, and the brokers from the same Secret key the worker reads.
                    Assert.Equal(new AgentApp.Worker.Messaging.KafkaOptions().ConsumerGroup, trigger.Metadata["consumerGroup"]);
                    var brokers = container.Env.Single(e => e.Name == trigger.Metadata["bootstrapServersFromEnv"]).ValueFrom.SecretKeyRef;
                    Assert.Equal(($"{broker}-connection", "connectionString"), (brokers.Name, brokers.Key));
                    var authentication = set.All<KedaTriggerAuthentication>().Single(a => a.Metadata.Name == trigger.AuthenticationRef!.Name);
                    Assert.All(authentication.Spec.SecretTargetRef, r => Assert.Equal($"{broker}-credentials", r.Name));
                    Assert.True(scaled.Spec.MaxReplicaCount <= topic.Partitions, $"{overlay}: {consumer} may scale to {scaled.Spec.MaxReplicaCount} consumers of {topic.Name} ({topic.Partitions} partitions)");
                }

                Assert.DoesNotContain(set.All<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Name == consumer);
            }

            // Services that consume nothing keep their CPU autoscaler.
            Assert.NotEmpty(set.All<V2HorizontalPodAutoscaler>());
            Assert.Equal(overlay == "production" ? 3 : 1, set.All<KedaScaledObject>().Min(s => s.Spec.MinReplicaCount));
            if (overlay == "development")
            {
                // The KEDA operator reads offsets from the in-cluster broker.
                var policy = set.All<V1NetworkPolicy>().Single(p => p.Metadata.Name == broker);
                Assert.Contains(policy.Spec.Ingress.SelectMany(r => r.FromProperty), p => p.NamespaceSelector?.MatchLabels["kubernetes.io/metadata.name"] == "keda");
            }

            DeployRules.AssertAll(set, secretsIncluded: overlay == "development");
        }
    }

    [Fact]
    public void A_consumer_group_in_the_consumers_settings_is_the_group_KEDA_watches()
    {
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["worker"]!["env"]!["Kafka__ConsumerGroup"] = "nightly-workers";

        var set = Samples.Unrendered(Samples.Generate(manifest, new GeneratorOptions { Registry = "r.example.com", ConsumerScaling = ConsumerScaling.Keda }));

        Assert.Equal("nightly-workers", set.All<KedaScaledObject>().Single().Spec.Triggers!.Single().Metadata["consumerGroup"]);
        Assert.Equal("nightly-workers", set.ConfigMap("worker-env").Data["Kafka__ConsumerGroup"]);
    }

    [Fact]
    public void Without_the_options_there_is_a_Job_and_CPU_autoscalers_only()
    {
        var files = Samples.Generate(new GeneratorOptions { Registry = "r.example.com" }).Files.Paths;

        Assert.DoesNotContain(files, p => p.Contains("scaledobject", StringComparison.Ordinal) || p.Contains("/topic-", StringComparison.Ordinal));
        Assert.Contains(files, p => p.EndsWith("-topics-job.yaml", StringComparison.Ordinal));
        Assert.Contains("worker/horizontalpodautoscaler.yaml", string.Join('\n', files), StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_guide_says_where_the_topics_come_from_what_KEDA_scales_and_which_keys_KEDA_reads()
    {
        var guide = Samples.Generate(new GeneratorOptions
        {
            Registry = "r.example.com", KafkaTopics = TopicProvisioning.Strimzi, StrimziCluster = "events", ConsumerScaling = ConsumerScaling.Keda,
        }).Files.Files["README.md"];

        Assert.Contains("`components/kafka-topics/` holds a Strimzi `KafkaTopic` per topic (cluster `events`)", guide, StringComparison.Ordinal);
        Assert.Contains("KEDA scales `worker` on its consumer group's lag", guide, StringComparison.Ordinal);
        Assert.Contains("`keda.sasl`, `keda.tls`", guide, StringComparison.Ordinal);
        Assert.DoesNotContain("topics-job.yaml", guide, StringComparison.Ordinal);
    }

    public void Dispose() => _output.Dispose();

    private static void AssertStrimziTopics(DocumentSet set, List<DeclaredTopic> topics, int? replicationFactor)
    {
        var kafkaTopics = set.All<StrimziKafkaTopic>();
        Assert.Equal(topics.Select(t => t.Name).Order(StringComparer.Ordinal), kafkaTopics.Select(t => t.Spec.TopicName ?? t.Metadata.Name).Order(StringComparer.Ordinal));
        foreach (var topic in topics)
        {
            var resource = kafkaTopics.Single(t => (t.Spec.TopicName ?? t.Metadata.Name) == topic.Name);
            Assert.Equal(topic.Partitions, resource.Spec.Partitions);
            Assert.Equal(replicationFactor ?? topic.ReplicationFactor, resource.Spec.Replicas);
            Assert.Equal("events", resource.Metadata.Labels[StrimziTopicBuilder.ClusterLabel]);
        }
    }

    private static void AssertConsumersCapped(DocumentSet set, DeclaredTopic topic, string overlay)
    {
        foreach (var consumer in topic.Consumers)
        {
            var hpa = set.All<V2HorizontalPodAutoscaler>().SingleOrDefault(h => h.Spec.ScaleTargetRef.Name == consumer);
            Assert.True(hpa is null || hpa.Spec.MaxReplicas <= topic.Partitions, $"{overlay}: {consumer} may scale to {hpa?.Spec.MaxReplicas} consumers of {topic.Name}");
        }
    }

    private void Render(GeneratorOptions options) =>
        OutputDirectory.Write(_output.Path, KubernetesGenerator.Generate(AspireManifest.Parse(fixture.Manifest.ToJsonString()), options).Files);

    private async Task<DocumentSet> RenderedAsync(string overlay) =>
        DocumentSet.FromRendered(overlay, await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", overlay)));

}
