using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>Probes, resources and security settings every .NET service gets.</summary>
public static class WorkloadDefaults
{
    /// <summary>The <c>app</c> user of the chiseled .NET images.</summary>
    public const long AppUserId = 1654;

    /// <summary>Readiness: ServiceDefaults' <c>/health</c> (every check).</summary>
    public const string ReadinessPath = "/health";

    /// <summary>Liveness and start-up: ServiceDefaults' <c>/alive</c> (only checks tagged <c>live</c>).</summary>
    public const string LivenessPath = "/alive";

    /// <summary>Where the read-only root filesystem gets a writable <c>emptyDir</c>.</summary>
    public const string TempPath = "/tmp";

    /// <summary>Requests and limits of the base; the production overlay raises requests and pins memory.</summary>
    public static V1ResourceRequirements Resources() => Resources("100m", "128Mi", "500m", "512Mi");

    /// <summary>Resource requirements with ordered keys.</summary>
    public static V1ResourceRequirements Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new ResourceQuantity(cpuRequest),
            ["memory"] = new ResourceQuantity(memoryRequest),
        },
        Limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new ResourceQuantity(cpuLimit),
            ["memory"] = new ResourceQuantity(memoryLimit),
        },
    };

    /// <summary>Start-up allows 60 s (30 × 2 s) before liveness takes over; readiness gates traffic.</summary>
    public static (V1Probe Startup, V1Probe Liveness, V1Probe Readiness) Probes(string portName) => (
        new V1Probe { HttpGet = Get(LivenessPath, portName), PeriodSeconds = 2, FailureThreshold = 30, TimeoutSeconds = 2 },
        new V1Probe { HttpGet = Get(LivenessPath, portName), PeriodSeconds = 10, FailureThreshold = 3, TimeoutSeconds = 2 },
        new V1Probe { HttpGet = Get(ReadinessPath, portName), PeriodSeconds = 5, FailureThreshold = 3, TimeoutSeconds = 2 });

    /// <summary>Restricted pod security: non-root, RuntimeDefault seccomp.</summary>
    public static V1PodSecurityContext PodSecurity(long userId = AppUserId) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = userId,
        RunAsGroup = userId,
        FsGroup = userId,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>Restricted container security: no privilege escalation, every capability dropped, optionally a read-only root.</summary>
    public static V1SecurityContext ContainerSecurity(bool readOnlyRootFilesystem = true) => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = readOnlyRootFilesystem,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    private static V1HTTPGetAction Get(string path, string portName) => new() { Path = path, Port = portName };
}
