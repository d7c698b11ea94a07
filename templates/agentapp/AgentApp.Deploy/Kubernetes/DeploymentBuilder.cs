using AgentApp.Deploy.Dapr;
using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>The Deployment of one .NET service.</summary>
public static class DeploymentBuilder
{
    /// <summary>The volume that gives the read-only root filesystem a writable <c>/tmp</c>.</summary>
    public const string TempVolume = "tmp";

    /// <summary>
    /// Builds the Deployment. Autoscaled services leave <c>replicas</c> to their HorizontalPodAutoscaler (a fixed count
    /// would reset the scale on every apply); actor hosts keep a fixed count. The pull policy follows the image tag
    /// (<see cref="ImageTag.PullPolicy"/>).
    /// </summary>
    public static V1Deployment Build(AppModel app, Workload workload, string imageTag)
    {
        var (startup, liveness, readiness) = WorkloadDefaults.Probes(workload.HttpPort.Name);
        var container = new V1Container
        {
            Name = workload.Name,
            Image = workload.Image,
            ImagePullPolicy = ImageTag.PullPolicy(imageTag),
            Ports = [.. workload.Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.TargetPort, Protocol = "TCP" })],
            EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = ConfigMapBuilder.NameOf(workload) } }],
            Env = workload.SecretSettings.Count == 0 ? null : [.. workload.SecretSettings.Select(EnvFromSecret)],
            StartupProbe = startup,
            LivenessProbe = liveness,
            ReadinessProbe = readiness,
            Resources = WorkloadDefaults.Resources(),
            SecurityContext = WorkloadDefaults.ContainerSecurity(),
            VolumeMounts = [new V1VolumeMount { Name = TempVolume, MountPath = WorkloadDefaults.TempPath }],
        };

        var podAnnotations = workload.Dapr is null ? null : Labels.Sorted([.. DaprAnnotations.For(workload.Dapr, app.DaprConfigurationName)]);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
            Spec = new V1DeploymentSpec
            {
                Replicas = AutoscalerBuilder.Applies(workload) ? null : 1,
                RevisionHistoryLimit = 5,
                Selector = new V1LabelSelector { MatchLabels = Labels.Selector(app.AppName, workload.Name) },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels.Of(app.AppName, workload.Name, "service"), Annotations = podAnnotations },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = workload.Name,
                        AutomountServiceAccountToken = false,
                        // Past the sidecar's graceful shutdown, so the kubelet never kills a pod that is still draining.
                        TerminationGracePeriodSeconds = DaprAnnotations.ShutdownSeconds + 10,
                        SecurityContext = WorkloadDefaults.PodSecurity(),
                        // Replicas spread over zones first, then hosts; ScheduleAnyway keeps single-zone clusters working.
                        TopologySpreadConstraints =
                        [
                            .. new[] { "topology.kubernetes.io/zone", "kubernetes.io/hostname" }.Select(key => new V1TopologySpreadConstraint
                            {
                                MaxSkew = 1,
                                TopologyKey = key,
                                WhenUnsatisfiable = "ScheduleAnyway",
                                LabelSelector = new V1LabelSelector { MatchLabels = Labels.Selector(app.AppName, workload.Name) },
                            }),
                        ],
                        Containers = [container],
                        Volumes = [new V1Volume { Name = TempVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") } }],
                    },
                },
            },
        };
    }

    /// <summary>An environment variable read from a Secret key.</summary>
    public static V1EnvVar EnvFromSecret(SecretSetting setting) => new()
    {
        Name = setting.Variable,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = setting.Secret, Key = setting.Key, Optional = setting.Optional ? true : null } },
    };
}
