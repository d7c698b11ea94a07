using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Model;
using AgentApp.Deploy.Output;

namespace AgentApp.Deploy.Kustomize;

/// <summary>
/// Writes kustomize Components the development overlay includes: <c>components/secrets</c> (Secrets with placeholders)
/// and, with <c>--with-infrastructure</c>, <c>components/infrastructure</c> (Redis and Kafka StatefulSets); with Strimzi
/// topics, <c>components/kafka-topics</c>.
/// </summary>
internal static class ComponentsWriter
{
    public const string SecretsDirectory = "components/secrets";
    public const string InfrastructureDirectory = "components/infrastructure";
    public const string StrimziTopicsDirectory = "components/kafka-topics";

    /// <summary>With <see cref="TopicProvisioning.Strimzi"/>: every topic as a <c>KafkaTopic</c>, in a component the overlays with a Topic Operator include.</summary>
    public static string? WriteStrimziTopics(AppModel app, GeneratorOptions options, GeneratedFiles files)
    {
        if (options.KafkaTopics != TopicProvisioning.Strimzi || app.Topics.Count == 0)
        {
            return null;
        }

        var cluster = options.StrimziCluster ?? throw new InvalidOperationException("Strimzi topics need the name of the Strimzi Kafka cluster (StrimziCluster).");
        var resources = app.Topics.Select(t => files.AddYaml($"{StrimziTopicsDirectory}/{StrimziTopicBuilder.NameOf(t)}.yaml", StrimziTopicBuilder.Build(app, t, cluster))[(StrimziTopicsDirectory.Length + 1)..]).ToList();
        files.AddYaml($"{StrimziTopicsDirectory}/kustomization.yaml", Kustomization.Component(resources.Order(StringComparer.Ordinal)));
        return StrimziTopicsDirectory;
    }

    public static string? WriteSecrets(AppModel app, GeneratedFiles files)
    {
        if (app.Secrets.Count == 0)
        {
            return null;
        }

        var resources = app.Secrets.Select(s => files.AddYaml($"{SecretsDirectory}/{s.Name}.yaml", SecretBuilder.Build(app, s))[(SecretsDirectory.Length + 1)..]).ToList();
        files.AddYaml($"{SecretsDirectory}/kustomization.yaml", Kustomization.Component(resources.Order(StringComparer.Ordinal)));
        return SecretsDirectory;
    }

    public static string? WriteInfrastructure(AppModel app, GeneratorOptions options, GeneratedFiles files, ICollection<string> warnings)
    {
        var resources = new List<string>();
        foreach (var service in app.Infrastructure)
        {
            if (!InfrastructureBuilder.Supports(service))
            {
                warnings.Add($"{service.Name}: no in-cluster StatefulSet for this kind of service; supply '{service.ConnectionSecret}' yourself");
                continue;
            }

            var dir = $"{InfrastructureDirectory}/{service.Name}";
            resources.Add(files.AddYaml($"{dir}/statefulset.yaml", InfrastructureBuilder.StatefulSet(app, service)));
            resources.Add(files.AddYaml($"{dir}/service.yaml", InfrastructureBuilder.Service(app, service)));
            resources.Add(files.AddYaml($"{dir}/networkpolicy.yaml", NetworkPolicyBuilder.Build(app, service, service.Container!, options)));
            if (options.KafkaTopics == TopicProvisioning.Strimzi && app.Topics.Any(t => t.Broker == service.Name))
            {
                resources.Add(files.AddYaml($"{dir}/topics-job.yaml", BaseWriter.TopicsJob(app, service)));
            }
        }

        if (resources.Count == 0)
        {
            return null;
        }

        files.AddYaml($"{InfrastructureDirectory}/kustomization.yaml",
            Kustomization.Component(resources.Select(r => r[(InfrastructureDirectory.Length + 1)..]).Order(StringComparer.Ordinal)));
        return InfrastructureDirectory;
    }
}
