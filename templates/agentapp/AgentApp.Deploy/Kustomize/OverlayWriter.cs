using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Model;
using AgentApp.Deploy.Output;
using k8s.Models;

namespace AgentApp.Deploy.Kustomize;

/// <summary>
/// Writes <c>overlays/development</c> (one replica each, placeholder Secrets, optional in-cluster infrastructure) and
/// <c>overlays/production</c> (more replicas, higher requests with memory limits pinned to them, Secrets from the operator).
/// </summary>
internal static class OverlayWriter
{
    public static void WriteDevelopment(AppModel app, GeneratorOptions options, GeneratedFiles files, IReadOnlyList<string> components)
    {
        const string dir = "overlays/development";
        var patches = new List<string>();
        foreach (var workload in app.Workloads.Where(AutoscalerBuilder.Applies))
        {
            patches.Add(files.AddYaml($"{dir}/patches/{workload.Name}-autoscaler.yaml", ScalingPatch(app, workload, options, 1, 1)));
        }

        Write(dir, "development", options, files, components, patches);
    }

    public static void WriteProduction(AppModel app, GeneratorOptions options, GeneratedFiles files, IReadOnlyList<string> components)
    {
        const string dir = "overlays/production";
        var patches = new List<string>();
        foreach (var workload in app.Workloads)
        {
            var replicas = AutoscalerBuilder.Applies(workload) ? (int?)null : 2;
            patches.Add(files.AddYaml($"{dir}/patches/{workload.Name}-deployment.yaml", DeploymentPatch(workload, replicas,
                WorkloadDefaults.Resources("250m", "384Mi", "1", "384Mi"))));
            if (AutoscalerBuilder.Applies(workload))
            {
                patches.Add(files.AddYaml($"{dir}/patches/{workload.Name}-autoscaler.yaml",
                    ScalingPatch(app, workload, options, AutoscalerBuilder.MinFor(workload, 3, 10), AutoscalerBuilder.MaxFor(workload, 10))));
            }
        }

        if (options.KafkaTopics == TopicProvisioning.Strimzi)
        {
            foreach (var topic in app.Topics)
            {
                var name = StrimziTopicBuilder.NameOf(topic);
                patches.Add(files.AddYaml($"{dir}/patches/topic-{name}.yaml", new StrimziKafkaTopic
                {
                    Metadata = new V1ObjectMeta { Name = name },
                    Spec = new StrimziKafkaTopicSpec { Replicas = options.KafkaReplicationFactor },
                }));
            }
        }
        else
        {
            foreach (var broker in app.Topics.GroupBy(t => t.Broker))
            {
                patches.Add(files.AddYaml($"{dir}/patches/{broker.Key}-topics-job.yaml", TopicsJobPatch(broker.Key, [.. broker], options.KafkaReplicationFactor)));
            }
        }

        Write(dir, "production", options, files, components, patches);
    }

    private static void Write(string dir, string environment, GeneratorOptions options, GeneratedFiles files,
        IReadOnlyList<string> components, List<string> patches)
    {
        files.AddYaml($"{dir}/kustomization.yaml", new Kustomization
        {
            Namespace = options.Namespace,
            Resources = ["../../base"],
            Components = components.Count == 0 ? null : [.. components.Select(c => $"../../{c}")],
            Labels = [new KustomizeLabels { Pairs = Labels.Sorted(("environment", environment)), IncludeSelectors = false }],
            Patches = patches.Count == 0 ? null : [.. patches.Order(StringComparer.Ordinal).Select(p => new KustomizePatch { Path = p[(dir.Length + 1)..] })],
        });
    }

    private static V1Job TopicsJobPatch(string broker, IReadOnlyList<KafkaTopic> topics, int replicationFactor) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = KafkaTopicsJobBuilder.NameOf(broker, topics) },
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "kafka-topics",
                            Env = [new V1EnvVar { Name = "REPLICATION_FACTOR", Value = replicationFactor.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
                        },
                    ],
                },
            },
        },
    };

    // KEDA's ScaledObject owns the HPA of a consumer that scales on lag: patch its bounds instead.
    private static object ScalingPatch(AppModel app, Workload workload, GeneratorOptions options, int min, int max) =>
        KedaScalerBuilder.Applies(app, workload, options)
            ? new KedaScaledObject
            {
                Metadata = new V1ObjectMeta { Name = workload.Name },
                Spec = new KedaScaledObjectSpec
                {
                    ScaleTargetRef = new KedaScaleTarget { Name = workload.Name },
                    MinReplicaCount = min,
                    MaxReplicaCount = max,
                    Fallback = new KedaFallback { FailureThreshold = 3, Replicas = min },
                },
            }
            : AutoscalerPatch(workload, min, max);

    private static V2HorizontalPodAutoscaler AutoscalerPatch(Workload workload, int min, int max) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = new V1ObjectMeta { Name = workload.Name },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = workload.Name },
            MinReplicas = min,
            MaxReplicas = max,
        },
    };

    private static V1Deployment DeploymentPatch(Workload workload, int? replicas, V1ResourceRequirements resources) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = workload.Name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { Containers = [new V1Container { Name = workload.Name, Resources = resources }] },
            },
        },
    };
}
