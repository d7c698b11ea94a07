using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>The namespace, when one is chosen, with Pod Security admission labels.</summary>
public static class NamespaceBuilder
{
    /// <summary>
    /// Enforces <c>baseline</c> and warns/audits on <c>restricted</c>: our pods meet <c>restricted</c>, but injected
    /// sidecars and third-party charts may not, and a warning costs nothing while a rejection stops a rollout.
    /// </summary>
    public static V1Namespace Build(string name, string appName) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = Labels.Sorted(
                (Labels.PartOf, appName),
                ("pod-security.kubernetes.io/enforce", "baseline"),
                ("pod-security.kubernetes.io/warn", "restricted"),
                ("pod-security.kubernetes.io/audit", "restricted")),
        },
    };
}
