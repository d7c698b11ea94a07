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

    /// <summary>The replica ceiling: <paramref name="wanted"/>, but never more consumers than their topic has partitions.</summary>
    public static int MaxFor(Workload workload, int wanted) => Math.Min(wanted, workload.ConsumerPartitionLimit ?? wanted);

    /// <summary>The replica floor: <paramref name="wanted"/>, but never above <see cref="MaxFor"/>.</summary>
    public static int MinFor(Workload workload, int wanted, int max) => Math.Min(wanted, MaxFor(workload, max));

    /// <summary>
    /// Builds the autoscaler for a Deployment. It targets the app container's CPU (a <c>ContainerResource</c> metric), so
    /// the injected Dapr sidecar neither needs a CPU request for the utilisation to be computed nor skews it.
    /// </summary>
    public static V2HorizontalPodAutoscaler Build(AppModel app, Workload workload) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = workload.Name },
            MinReplicas = MinFor(workload, MinReplicas, MaxReplicas),
            MaxReplicas = MaxFor(workload, MaxReplicas),
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "ContainerResource",
                    ContainerResource = new V2ContainerResourceMetricSource
                    {
                        Name = "cpu",
                        Container = workload.Name,
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 70 },
                    },
                },
            ],
        },
    };
}
