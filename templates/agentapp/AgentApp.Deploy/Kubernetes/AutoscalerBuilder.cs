using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>HorizontalPodAutoscalers on CPU for stateless services.</summary>
public static class AutoscalerBuilder
{
    /// <summary>Base replica range; overlays patch it.</summary>
    public const int MinReplicas = 2;

    /// <summary>Base replica range; overlays patch it.</summary>
    public const int MaxReplicas = 5;

    /// <summary>
    /// Every service except actor hosts: scaling those on CPU moves actors between pods (placement rebalancing) on every
    /// step, so they keep a fixed replica count.
    /// </summary>
    public static bool Applies(Workload workload) => !workload.HostsActors;

    /// <summary>Builds the autoscaler for a Deployment.</summary>
    public static V2HorizontalPodAutoscaler Build(AppModel app, Workload workload) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = workload.Name },
            MinReplicas = MinReplicas,
            MaxReplicas = MaxReplicas,
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 70 },
                    },
                },
            ],
        },
    };
}
