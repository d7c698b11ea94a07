using AgentApp.Deploy.Dapr;
using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Output;
using k8s.Models;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>A set of loaded documents (a generated tree, or one rendered overlay), grouped by kind.</summary>
public sealed class DocumentSet
{
    /// <summary>Loads documents.</summary>
    public DocumentSet(IEnumerable<KubernetesDocument> documents) => Documents = [.. documents];

    /// <summary>Every document.</summary>
    public IReadOnlyList<KubernetesDocument> Documents { get; }

    /// <summary>Strictly loads every YAML file of a generated tree (README excluded).</summary>
    public static DocumentSet FromFiles(GeneratedFiles files) =>
        new(files.Files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal)).SelectMany(f => KubernetesDocuments.Parse(f.Key, f.Value)));

    /// <summary>Strictly loads a rendered multi-document YAML stream.</summary>
    public static DocumentSet FromRendered(string source, string yaml) => new(KubernetesDocuments.Parse(source, yaml));

    /// <summary>Only documents from paths under <paramref name="prefixes"/> (e.g. <c>base/</c>), for unrendered trees.</summary>
    public DocumentSet Under(params string[] prefixes) =>
        new(Documents.Where(d => prefixes.Any(p => d.Source.StartsWith(p, StringComparison.Ordinal))));

    /// <summary>All objects of one model type.</summary>
    public IReadOnlyList<T> All<T>() => [.. Documents.Select(d => d.Object).OfType<T>()];

    /// <summary>Deployments.</summary>
    public IReadOnlyList<V1Deployment> Deployments => All<V1Deployment>();

    /// <summary>StatefulSets.</summary>
    public IReadOnlyList<V1StatefulSet> StatefulSets => All<V1StatefulSet>();

    /// <summary>Services.</summary>
    public IReadOnlyList<V1Service> Services => All<V1Service>();

    /// <summary>ConfigMaps.</summary>
    public IReadOnlyList<V1ConfigMap> ConfigMaps => All<V1ConfigMap>();

    /// <summary>Secrets.</summary>
    public IReadOnlyList<V1Secret> Secrets => All<V1Secret>();

    /// <summary>Dapr Components.</summary>
    public IReadOnlyList<DaprComponentResource> Components => All<DaprComponentResource>();

    /// <summary>Dapr Configurations.</summary>
    public IReadOnlyList<DaprConfigurationResource> Configurations => All<DaprConfigurationResource>();

    /// <summary>Ingresses.</summary>
    public IReadOnlyList<V1Ingress> Ingresses => All<V1Ingress>();

    /// <summary>HTTPRoutes.</summary>
    public IReadOnlyList<HttpRouteResource> HttpRoutes => All<HttpRouteResource>();

    /// <summary>The pod templates of Deployments and StatefulSets, by workload name.</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template, V1LabelSelector Selector)> Workloads =>
        Deployments.Select(d => (d.Metadata.Name, d.Spec.Template, d.Spec.Selector))
            .Concat(StatefulSets.Select(s => (s.Metadata.Name, s.Spec.Template, s.Spec.Selector)));

    /// <summary>Jobs.</summary>
    public IReadOnlyList<V1Job> Jobs => All<V1Job>();

    /// <summary>Every pod template, Jobs' included, by owner name (what network policies and selectors can match).</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template)> PodTemplates =>
        Workloads.Select(w => (w.Name, w.Template)).Concat(Jobs.Select(j => (j.Metadata.Name, j.Spec.Template)));

    /// <summary>The Deployment called <paramref name="name"/>.</summary>
    public V1Deployment Deployment(string name) =>
        Deployments.SingleOrDefault(d => d.Metadata.Name == name) ?? throw new Xunit.Sdk.XunitException($"no Deployment '{name}'");

    /// <summary>The ConfigMap called <paramref name="name"/>.</summary>
    public V1ConfigMap ConfigMap(string name) =>
        ConfigMaps.SingleOrDefault(c => c.Metadata.Name == name) ?? throw new Xunit.Sdk.XunitException($"no ConfigMap '{name}'");

    /// <summary>The Secret called <paramref name="name"/>.</summary>
    public V1Secret Secret(string name) =>
        Secrets.SingleOrDefault(c => c.Metadata.Name == name) ?? throw new Xunit.Sdk.XunitException($"no Secret '{name}'");

    /// <summary>The Component called <paramref name="name"/>.</summary>
    public DaprComponentResource Component(string name) =>
        Components.SingleOrDefault(c => c.Metadata.Name == name) ?? throw new Xunit.Sdk.XunitException($"no Component '{name}'");
}
