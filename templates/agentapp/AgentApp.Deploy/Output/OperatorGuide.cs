using System.Text;
using AgentApp.Deploy.Model;

namespace AgentApp.Deploy.Output;

/// <summary>Writes <c>README.md</c> into the output: the layout, and every Secret the operator must supply.</summary>
internal static class OperatorGuide
{
    public static string Write(AppModel app, GeneratorOptions options, bool withInfrastructure)
    {
        var ns = options.Namespace is null ? string.Empty : $" -n {options.Namespace}";
        var text = new StringBuilder();
        text.Append("# Kubernetes manifests for ").Append(app.AppName).Append("\n\n");
        text.Append(GeneratedFiles.Header.TrimStart('#', ' '));
        text.Append('\n');
        text.Append("- `base/`: Deployments, Services, ConfigMaps, autoscalers, disruption budgets, network policies, ingress, Dapr objects.\n");
        text.Append("- `components/secrets/`: every Secret with `").Append(Manifest.Placeholders.Prefix).Append("…` placeholders.\n");
        if (withInfrastructure)
        {
            text.Append("- `components/infrastructure/`: single-node in-cluster Redis/Kafka for development clusters.\n");
        }

        text.Append("- `overlays/development/`: one replica each, the placeholder Secrets")
            .Append(withInfrastructure ? ", the in-cluster infrastructure" : string.Empty).Append(".\n");
        text.Append("- `overlays/production/`: more replicas, higher requests, memory limits pinned; **no Secrets**: create them ");
        text.Append("before the first sync (External Secrets, Sealed Secrets or `kubectl create secret`), so no credential lives in Git.\n\n");
        text.Append("Render with `kubectl kustomize overlays/production`; apply with `kubectl apply -k overlays/production`.\n\n");
        text.Append("Images come from `").Append(options.Registry ?? "(no registry: bare names)").Append("` with the tag `").Append(options.Tag)
            .Append("`, pulled `").Append(ImageTag.PullPolicy(options.Tag)).Append("` (a version or commit tag never changes; a moving tag is pulled on every start).\n\n");
        text.Append("## Secrets\n\n");
        text.Append("Connection Secrets hold everything a client needs about one backing service; point them at a managed service in production.\n\n");
        text.Append("| Secret | keys | holds |\n|---|---|---|\n");
        foreach (var secret in app.Secrets)
        {
            text.Append("| `").Append(secret.Name).Append("` | ")
                .AppendJoin(", ", secret.Data.Keys.Select(k => $"`{k}`"))
                .Append(" | ").Append(secret.Purpose).Append(" |\n");
        }

        foreach (var broker in app.Topics.Select(t => t.Broker).Distinct())
        {
            text.Append("| `").Append(Model.KafkaCredentials.SecretName(broker)).Append("` (optional) | ")
                .AppendJoin(", ", Model.KafkaCredentials.Keys.Select(k => $"`{k.Key}`"))
                .Append(options.ConsumerScaling == ConsumerScaling.Keda ? ", `keda.sasl`, `keda.tls`" : string.Empty)
                .Append(" | SASL/SSL for every Kafka client and the topics Job (`protocol` SaslSsl, `mechanism` Plain/ScramSha512, …)")
                .Append(options.ConsumerScaling == ConsumerScaling.Keda ? "; KEDA's scaler reads `username`, `password`, `ca.crt` and its own `keda.sasl` (plaintext, scram_sha256, scram_sha512) and `keda.tls` (enable)" : string.Empty)
                .Append("; without it clients speak PLAINTEXT |\n");
        }

        if (options.Host is not null)
        {
            text.Append("| `").Append(app.Workloads.FirstOrDefault(w => w.External)?.Name ?? "gateway").Append("-tls` | `tls.crt`, `tls.key` | the Ingress certificate for `")
                .Append(options.Host).Append("` (e.g. from cert-manager) |\n");
        }

        if (app.Topics.Count > 0 && options.KafkaTopics == TopicProvisioning.Strimzi)
        {
            text.Append("\n`components/kafka-topics/` holds a Strimzi `KafkaTopic` per topic (cluster `").Append(options.StrimziCluster)
                .Append("`) with its partition count; production sets the replication factor to ").Append(options.KafkaReplicationFactor)
                .Append(". The cluster's Topic Operator must watch this namespace.")
                .Append(withInfrastructure ? " The development overlay creates the topics on its in-cluster Kafka with a Job instead.\n" : "\n");
        }
        else if (app.Topics.Count > 0)
        {
            text.Append("\nThe Job `base/kafka/*-topics-job.yaml` creates every topic with its partition count (`--if-not-exists`); ")
                .Append("production sets the replication factor to ").Append(options.KafkaReplicationFactor).Append(".\n");
        }

        foreach (var workload in app.Workloads.Where(w => Kubernetes.KedaScalerBuilder.Applies(app, w, options)))
        {
            text.Append("\nKEDA scales `").Append(workload.Name).Append("` on its consumer group's lag (`base/").Append(workload.Name)
                .Append("/scaledobject.yaml`, ").Append(options.KedaLagThreshold).Append(" messages per replica, never more replicas than partitions); install KEDA 2.x first.\n");
        }

        text.Append("\nFor example:\n\n```bash\n");
        foreach (var secret in app.Secrets)
        {
            text.Append("kubectl create secret generic ").Append(secret.Name).Append(ns);
            foreach (var key in secret.Data.Keys)
            {
                text.Append(" \\\n  --from-literal=").Append(key).Append("='…'");
            }

            text.Append('\n');
        }

        text.Append("```\n");
        return text.ToString();
    }
}
