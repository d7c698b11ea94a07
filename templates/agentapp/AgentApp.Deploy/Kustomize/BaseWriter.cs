using AgentApp.Deploy.Dapr;
using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Model;
using AgentApp.Deploy.Output;

namespace AgentApp.Deploy.Kustomize;

/// <summary>Writes <c>base/</c>: every object both environments share, one file per object.</summary>
internal static class BaseWriter
{
    public const string Directory = "base";

    /// <summary>The Kafka CLI image for a broker the manifest gives no image for (a connection string parameter).</summary>
    public const string KafkaCliImage = "docker.io/confluentinc/confluent-local:8.2.0";

    /// <summary>The Job that creates <paramref name="broker"/>'s topics, run from its image (or the Kafka CLI's).</summary>
    public static k8s.Models.V1Job TopicsJob(AppModel app, InfrastructureService broker) =>
        KafkaTopicsJobBuilder.Build(app, broker, [.. app.Topics.Where(t => t.Broker == broker.Name)], broker.Container?.Image ?? KafkaCliImage);

    public static void Write(AppModel app, GeneratorOptions options, GeneratedFiles files)
    {
        var resources = new List<string>();
        void Add(string path, object value) => resources.Add(files.AddYaml($"{Directory}/{path}", value)[(Directory.Length + 1)..]);

        if (options.Namespace is { } ns)
        {
            Add("namespace.yaml", NamespaceBuilder.Build(ns, app.AppName));
        }

        Add("networkpolicy-default-deny.yaml", NetworkPolicyBuilder.DefaultDeny(app));
        foreach (var workload in app.Workloads)
        {
            var dir = workload.Name;
            Add($"{dir}/serviceaccount.yaml", ServiceAccountBuilder.Build(app, workload));
            Add($"{dir}/configmap.yaml", ConfigMapBuilder.Build(app, workload));
            Add($"{dir}/deployment.yaml", DeploymentBuilder.Build(app, workload, options.Tag));
            Add($"{dir}/service.yaml", ServiceBuilder.Build(app, workload));
            Add($"{dir}/networkpolicy.yaml", NetworkPolicyBuilder.Build(app, workload, options));
            Add($"{dir}/poddisruptionbudget.yaml", DisruptionBudgetBuilder.Build(app, workload));
            if (KedaScalerBuilder.Applies(app, workload, options))
            {
                Add($"{dir}/scaledobject.yaml", KedaScalerBuilder.Build(app, workload, options));
                foreach (var authentication in KedaScalerBuilder.Authentications(app, workload))
                {
                    Add($"{dir}/triggerauthentication-{authentication.Metadata.Name}.yaml", authentication);
                }
            }
            else if (AutoscalerBuilder.Applies(workload))
            {
                Add($"{dir}/horizontalpodautoscaler.yaml", AutoscalerBuilder.Build(app, workload));
            }

            if (workload.External)
            {
                if (options.Ingress == IngressKind.HttpRoute)
                {
                    Add($"{dir}/httproute.yaml", HttpRouteResource.Build(app, workload, options));
                }
                else
                {
                    Add($"{dir}/ingress.yaml", IngressBuilder.Build(app, workload, options));
                }
            }
        }

        // Strimzi topics are a component (components/kafka-topics): a development cluster with in-cluster Kafka has no
        // Topic Operator, and gets this Job in its infrastructure component instead.
        if (options.KafkaTopics == TopicProvisioning.Job)
        {
            foreach (var broker in app.Infrastructure.Where(i => app.Topics.Any(t => t.Broker == i.Name)))
            {
                Add($"kafka/{broker.Name}-topics-job.yaml", TopicsJob(app, broker));
            }
        }

        if (app.UsesDapr)
        {
            Add("dapr/configuration.yaml", DaprObjectsBuilder.Configuration(app, options));
            foreach (var component in app.Components)
            {
                Add($"dapr/component-{component.Name}.yaml", DaprObjectsBuilder.Component(app, component));
            }
        }

        resources.Sort(StringComparer.Ordinal);
        files.AddYaml($"{Directory}/kustomization.yaml", new Kustomization
        {
            Resources = resources,
            Images = [.. app.Workloads.Select(w => w.Image).Distinct().Order(StringComparer.Ordinal).Select(image => new KustomizeImage
            {
                Name = image,
                NewName = options.Registry is { } registry ? $"{registry.TrimEnd('/')}/{image}" : null,
                NewTag = options.Tag,
            })],
        });
    }
}
