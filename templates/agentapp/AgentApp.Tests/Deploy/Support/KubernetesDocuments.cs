using System.Text.RegularExpressions;
using AgentApp.Deploy.Dapr;
using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Kustomize;
using k8s;
using k8s.Models;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>One YAML document, loaded strictly into its KubernetesClient model (or our model for CRDs).</summary>
/// <param name="Source">Where it came from (file path, or rendered overlay and index), for messages.</param>
/// <param name="Yaml">The document text.</param>
/// <param name="Object">The typed object.</param>
public sealed record KubernetesDocument(string Source, string Yaml, object Object);

/// <summary>Splits and strictly deserialises YAML: unknown fields and wrong types fail with the document's source.</summary>
public static partial class KubernetesDocuments
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Func<string, object>> s_types = new()
    {
        [("apps/v1", "Deployment")] = Load<V1Deployment>,
        [("apps/v1", "StatefulSet")] = Load<V1StatefulSet>,
        [("v1", "Service")] = Load<V1Service>,
        [("v1", "ConfigMap")] = Load<V1ConfigMap>,
        [("v1", "Secret")] = Load<V1Secret>,
        [("v1", "ServiceAccount")] = Load<V1ServiceAccount>,
        [("v1", "Namespace")] = Load<V1Namespace>,
        [("batch/v1", "Job")] = Load<V1Job>,
        [("autoscaling/v2", "HorizontalPodAutoscaler")] = Load<V2HorizontalPodAutoscaler>,
        [("policy/v1", "PodDisruptionBudget")] = Load<V1PodDisruptionBudget>,
        [("networking.k8s.io/v1", "NetworkPolicy")] = Load<V1NetworkPolicy>,
        [("networking.k8s.io/v1", "Ingress")] = Load<V1Ingress>,
        [("gateway.networking.k8s.io/v1", "HTTPRoute")] = Load<HttpRouteResource>,
        [("kafka.strimzi.io/v1", "KafkaTopic")] = Load<StrimziKafkaTopic>,
        [("keda.sh/v1alpha1", "ScaledObject")] = Load<KedaScaledObject>,
        [("keda.sh/v1alpha1", "TriggerAuthentication")] = Load<KedaTriggerAuthentication>,
        [("dapr.io/v1alpha1", "Component")] = Load<DaprComponentResource>,
        [("dapr.io/v1alpha1", "Configuration")] = Load<DaprConfigurationResource>,
        [("kustomize.config.k8s.io/v1beta1", "Kustomization")] = Load<Kustomization>,
        [("kustomize.config.k8s.io/v1alpha1", "Component")] = Load<Kustomization>,
    };

    /// <summary>Loads every document of a (possibly multi-document) YAML text.</summary>
    public static IReadOnlyList<KubernetesDocument> Parse(string source, string yaml) =>
        [.. DocumentSeparator().Split(yaml)
            .Where(d => d.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')))
            .Select((d, i) => Load(yaml.Contains("\n---", StringComparison.Ordinal) ? $"{source}#{i}" : source, d))];

    /// <summary>Loads one document strictly by its apiVersion and kind.</summary>
    public static KubernetesDocument Load(string source, string yaml)
    {
        var header = KubernetesYaml.Deserialize<TypeHeader>(yaml, strict: false);
        if (!s_types.TryGetValue((header.ApiVersion ?? string.Empty, header.Kind ?? string.Empty), out var load))
        {
            throw new Xunit.Sdk.XunitException($"{source}: no model for apiVersion '{header.ApiVersion}' kind '{header.Kind}'.");
        }

        try
        {
            return new KubernetesDocument(source, yaml, load(yaml));
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{source} ({header.ApiVersion} {header.Kind}) does not deserialise strictly: {ex.Message}\n{yaml}");
        }
    }

    private static object Load<T>(string yaml) => KubernetesYaml.Deserialize<T>(yaml, strict: true)!;

    [GeneratedRegex(@"^---[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    private sealed class TypeHeader
    {
        public string? ApiVersion { get; set; }

        public string? Kind { get; set; }
    }
}
