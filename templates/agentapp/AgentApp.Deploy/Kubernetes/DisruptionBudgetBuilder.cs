using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>PodDisruptionBudgets: voluntary evictions (node drains) take one pod at a time.</summary>
public static class DisruptionBudgetBuilder
{
    /// <summary>
    /// <c>maxUnavailable: 1</c> rather than <c>minAvailable</c>: with one replica (development) a drain can still proceed,
    /// with more it never takes two at once.
    /// </summary>
    public static V1PodDisruptionBudget Build(AppModel app, Workload workload) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            // Unready pods may always be evicted: with the default (IfHealthyBudget) they count against the budget and
            // a drain hangs while, say, Redis is away and pods report unready.
            UnhealthyPodEvictionPolicy = "AlwaysAllow",
            Selector = new V1LabelSelector { MatchLabels = Labels.Selector(app.AppName, workload.Name) },
        },
    };
}
