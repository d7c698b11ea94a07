using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>
/// Single-node Redis and Kafka StatefulSets for development clusters (<c>--with-infrastructure</c>), run from the images
/// and settings the manifest describes, with a persistent volume each. Production uses managed services instead.
/// </summary>
public static class InfrastructureBuilder
{
    private const string DataVolume = "data";

    /// <summary>True when the generator knows how to run this service in the cluster.</summary>
    public static bool Supports(InfrastructureService service) =>
        service.Container is not null && service.Kind is InfrastructureKind.Redis or InfrastructureKind.Kafka;

    /// <summary>The StatefulSet.</summary>
    public static V1StatefulSet StatefulSet(AppModel app, InfrastructureService service)
    {
        var container = service.Container ?? throw new InvalidOperationException($"'{service.Name}' is not a container.");
        var (userId, mountPath, extraSettings, resources) = service.Kind switch
        {
            // The official image's redis user; the working directory /data is where it saves.
            InfrastructureKind.Redis => (999L, "/data", new Dictionary<string, string>(), WorkloadDefaults.Resources("50m", "128Mi", "500m", "512Mi")),
            // confluent-local's appuser; logs go one level below the mount so the volume's lost+found is not taken for a partition.
            InfrastructureKind.Kafka => (1000L, "/var/lib/kafka", new Dictionary<string, string> { ["KAFKA_LOG_DIRS"] = "/var/lib/kafka/data" },
                WorkloadDefaults.Resources("250m", "768Mi", "1", "1536Mi")),
            _ => throw new InvalidOperationException($"No StatefulSet for '{service.Name}'."),
        };

        var env = container.Settings.Concat(extraSettings)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new V1EnvVar { Name = s.Key, Value = s.Value })
            .Concat(container.SecretSettings.Select(DeploymentBuilder.EnvFromSecret))
            .ToList();
        var primary = container.Ports[0].Name;
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Labels.Metadata(service.Name, app.AppName, service.Name, "infrastructure"),
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                ServiceName = service.Name,
                Selector = new V1LabelSelector { MatchLabels = Labels.Selector(app.AppName, service.Name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels.Of(app.AppName, service.Name, "infrastructure") },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        SecurityContext = WorkloadDefaults.PodSecurity(userId),
                        Containers =
                        [
                            new V1Container
                            {
                                Name = service.Name,
                                Image = container.Image,
                                ImagePullPolicy = "IfNotPresent",
                                Command = container.Command is null ? null : [container.Command],
                                Args = container.Args.Count == 0 ? null : [.. container.Args],
                                Ports = [.. container.Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.TargetPort, Protocol = "TCP" })],
                                Env = env,
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = primary }, PeriodSeconds = 5, FailureThreshold = 3 },
                                LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = primary }, InitialDelaySeconds = 30, PeriodSeconds = 10, FailureThreshold = 6 },
                                Resources = resources,
                                // These images write their configuration at start-up, so the root filesystem stays writable.
                                SecurityContext = WorkloadDefaults.ContainerSecurity(readOnlyRootFilesystem: false),
                                VolumeMounts = [new V1VolumeMount { Name = DataVolume, MountPath = mountPath }],
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = DataVolume },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new ResourceQuantity("1Gi") },
                            },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>The Service clients reach it by (its manifest name, so connection strings resolve unchanged).</summary>
    public static V1Service Service(AppModel app, InfrastructureService service) =>
        ServiceBuilder.Build(app.AppName, service.Name, service.Container!.Ports, "infrastructure");
}
