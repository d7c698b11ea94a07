using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>One ServiceAccount per service: its own identity (also Dapr's mTLS identity), no API token mounted.</summary>
public static class ServiceAccountBuilder
{
    /// <summary>Builds the ServiceAccount.</summary>
    public static V1ServiceAccount Build(AppModel app, Workload workload) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
        AutomountServiceAccountToken = false,
    };
}
