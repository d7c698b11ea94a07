using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>Secrets with placeholder values (<c>REPLACE_ME_…</c>), for development clusters; production supplies its own.</summary>
public static class SecretBuilder
{
    /// <summary>Annotation that tells the operator what a Secret holds.</summary>
    public const string PurposeAnnotation = "kubernetes.io/description";

    /// <summary>Builds one Secret (<c>stringData</c>, so values stay readable for the operator who replaces them).</summary>
    public static V1Secret Build(AppModel app, SecretDefinition secret) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = secret.Name,
            Labels = Labels.Sorted((Labels.PartOf, app.AppName)),
            Annotations = Labels.Sorted((PurposeAnnotation, secret.Purpose)),
        },
        Type = "Opaque",
        StringData = new SortedDictionary<string, string>(secret.Data.ToDictionary(), StringComparer.Ordinal),
    };
}
