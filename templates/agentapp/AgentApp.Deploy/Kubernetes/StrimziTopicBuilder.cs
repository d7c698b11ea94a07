using AgentApp.Deploy.Model;
using k8s;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>
/// Strimzi <c>KafkaTopic</c> resources (<c>kafka.strimzi.io/v1</c>): the Topic Operator of the cluster named by the
/// <c>strimzi.io/cluster</c> label creates each topic with its partitions and replicas and keeps it so
/// (https://strimzi.io/docs/operators/latest/deploying#using-the-topic-operator-str). The operator watches one
/// namespace, so the app's namespace must be the one it watches.
/// </summary>
public static class StrimziTopicBuilder
{
    /// <summary>The label the Topic Operator selects its cluster's topics by.</summary>
    public const string ClusterLabel = "strimzi.io/cluster";

    /// <summary>The object name: the topic's name as Kubernetes accepts it (<c>agent.tasks</c> → <c>agent-tasks</c>).</summary>
    public static string NameOf(KafkaTopic topic) => AppNaming.KubernetesName(topic.Name, maxLength: 253);

    /// <summary>Builds one topic with the AppHost's partition count and replication factor.</summary>
    public static StrimziKafkaTopic Build(AppModel app, KafkaTopic topic, string cluster)
    {
        var metadata = Labels.Metadata(NameOf(topic), app.AppName, KafkaTopicsJobBuilder.TopicsLabel(topic.Broker), "provisioning");
        metadata.Labels[ClusterLabel] = cluster;
        return new StrimziKafkaTopic
        {
            Metadata = metadata,
            Spec = new StrimziKafkaTopicSpec
            {
                // Strimzi asks for topicName only where the object name cannot be the topic's.
                TopicName = NameOf(topic) == topic.Name ? null : topic.Name,
                Partitions = topic.Partitions,
                Replicas = topic.ReplicationFactor,
            },
        };
    }
}

/// <summary>A Strimzi <c>KafkaTopic</c> (no model in KubernetesClient).</summary>
public sealed class StrimziKafkaTopic : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "kafka.strimzi.io/v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "KafkaTopic";

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The topic.</summary>
    public StrimziKafkaTopicSpec Spec { get; set; } = new();
}

/// <summary><c>spec</c> of a KafkaTopic.</summary>
public sealed class StrimziKafkaTopicSpec
{
    /// <summary>The topic's name where it differs from the object's.</summary>
    public string? TopicName { get; set; }

    /// <summary>Partitions (never decreased by the operator).</summary>
    public int? Partitions { get; set; }

    /// <summary>Replicas per partition.</summary>
    public int? Replicas { get; set; }
}
