using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>The ConfigMap of plain settings a service reads with <c>envFrom</c>. Secrets never go here.</summary>
public static class ConfigMapBuilder
{
    /// <summary>The ConfigMap name of a workload.</summary>
    public static string NameOf(Workload workload) => $"{workload.Name}-env";

    /// <summary>Builds the ConfigMap.</summary>
    public static V1ConfigMap Build(AppModel app, Workload workload) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = Labels.Metadata(NameOf(workload), app.AppName, workload.Name),
        Data = new SortedDictionary<string, string>(workload.Settings.ToDictionary(), StringComparer.Ordinal),
    };
}
