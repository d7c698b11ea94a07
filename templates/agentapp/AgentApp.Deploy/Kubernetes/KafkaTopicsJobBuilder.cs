using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>
/// A Job that creates the topics the AppHost declares, with their partition counts, on whatever Kafka the connection
/// Secret points at. Managed Kafka services usually disable auto-creation, and consumers do not auto-create: without the
/// topics the worker only logs unknown-topic errors. <c>--if-not-exists</c> makes every run idempotent.
/// </summary>
public static class KafkaTopicsJobBuilder
{
    /// <summary>
    /// The Job's name: the broker's, plus a hash of the topics. A Job's pod template is immutable, so a changed topic list
    /// gets a new Job rather than a failed apply.
    /// </summary>
    public static string NameOf(string broker, IEnumerable<KafkaTopic> topics)
    {
        var text = string.Join(';', topics.Select(t => $"{t.Name}:{t.Partitions}"));
        return $"{broker}-topics-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8]}";
    }

    /// <summary>Builds the Job for one broker, run from the broker's own image (it ships <c>kafka-topics</c>).</summary>
    public static V1Job Build(AppModel app, InfrastructureService broker, IReadOnlyList<KafkaTopic> topics, string image)
    {
        var name = NameOf(broker.Name, topics);
        var script = new StringBuilder(ClientProperties);
        foreach (var topic in topics)
        {
            script.Append(CultureInfo.InvariantCulture,
                $"kafka-topics --bootstrap-server \"$BOOTSTRAP_SERVERS\" $config --create --if-not-exists --topic {topic.Name} --partitions {topic.Partitions} --replication-factor \"$REPLICATION_FACTOR\"\n");
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Labels.Metadata(name, app.AppName, TopicsLabel(broker.Name), "provisioning"),
            Spec = new V1JobSpec
            {
                // The broker may still be starting (in-cluster) or unreachable for a while: retry, but not forever.
                BackoffLimit = 10,
                ActiveDeadlineSeconds = 900,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels.Of(app.AppName, TopicsLabel(broker.Name), "provisioning") },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "OnFailure",
                        AutomountServiceAccountToken = false,
                        SecurityContext = WorkloadDefaults.PodSecurity(1000),
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "kafka-topics",
                                Image = image,
                                Command = ["/bin/sh", "-c", script.ToString()],
                                Env =
                                [
                                    new V1EnvVar
                                    {
                                        Name = "BOOTSTRAP_SERVERS",
                                        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = broker.ConnectionSecret, Key = "connectionString" } },
                                    },
                                    new V1EnvVar { Name = "REPLICATION_FACTOR", Value = topics.Max(t => t.ReplicationFactor).ToString(CultureInfo.InvariantCulture) },
                                    .. KafkaCredentials.Keys.Select(k => DeploymentBuilder.EnvFromSecret(
                                        new SecretSetting($"KAFKA_{k.Setting.ToUpperInvariant()}", KafkaCredentials.SecretName(broker.Name), k.Key, Optional: true))),
                                ],
                                Resources = WorkloadDefaults.Resources("100m", "256Mi", "500m", "512Mi"),
                                // The Kafka CLI writes its logs and JVM temp files next to itself.
                                SecurityContext = WorkloadDefaults.ContainerSecurity(readOnlyRootFilesystem: false),
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>
    /// Writes the Kafka CLI's client properties from the same credentials Secret the services read (their .NET names,
    /// e.g. SaslSsl and ScramSha512, mapped to Kafka's). Without a protocol the CLI speaks PLAINTEXT.
    /// </summary>
    private const string ClientProperties = """
        set -eu
        config=''
        if [ -n "${KAFKA_PROTOCOL:-}" ]; then
          case "$KAFKA_PROTOCOL" in SaslSsl) protocol=SASL_SSL ;; SaslPlaintext) protocol=SASL_PLAINTEXT ;; Ssl) protocol=SSL ;; *) protocol=PLAINTEXT ;; esac
          echo "security.protocol=$protocol" > /tmp/client.properties
          case "${KAFKA_SASLMECHANISM:-}" in
            Plain) echo 'sasl.mechanism=PLAIN' >> /tmp/client.properties; module=org.apache.kafka.common.security.plain.PlainLoginModule ;;
            ScramSha256) echo 'sasl.mechanism=SCRAM-SHA-256' >> /tmp/client.properties; module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
            ScramSha512) echo 'sasl.mechanism=SCRAM-SHA-512' >> /tmp/client.properties; module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
            *) module='' ;;
          esac
          if [ -n "$module" ]; then
            echo "sasl.jaas.config=$module required username=\"$KAFKA_USERNAME\" password=\"$KAFKA_PASSWORD\";" >> /tmp/client.properties
          fi
          if [ -n "${KAFKA_CAPEM:-}" ]; then
            printf '%s\n' "$KAFKA_CAPEM" > /tmp/ca.pem
            printf 'ssl.truststore.type=PEM\nssl.truststore.location=/tmp/ca.pem\n' >> /tmp/client.properties
          fi
          config='--command-config /tmp/client.properties'
        fi

        """;

    /// <summary>The <c>app.kubernetes.io/name</c> of the Job's pods, so the broker's network policy can let them in.</summary>
    public static string TopicsLabel(string broker) => $"{broker}-topics";
}
