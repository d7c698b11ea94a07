using AgentApp.Deploy.Model;

namespace AgentApp.Deploy.Dapr;

/// <summary>The pod annotations the Dapr sidecar injector reads. Values are plain strings: <c>"true"</c>, never <c>"'true'"</c>.</summary>
public static class DaprAnnotations
{
    /// <summary><c>dapr.io/enabled</c></summary>
    public const string Enabled = "dapr.io/enabled";

    /// <summary><c>dapr.io/app-id</c></summary>
    public const string AppId = "dapr.io/app-id";

    /// <summary><c>dapr.io/app-port</c>: without it daprd never calls <c>/dapr/config</c> and no actor registers.</summary>
    public const string AppPort = "dapr.io/app-port";

    /// <summary><c>dapr.io/config</c>: the Dapr Configuration (tracing) the sidecar uses.</summary>
    public const string Config = "dapr.io/config";

    /// <summary>The annotations of one workload's pods.</summary>
    public static IEnumerable<(string Key, string Value)> For(DaprSidecar sidecar, string configuration) =>
    [
        (Enabled, "true"),
        (AppId, sidecar.AppId),
        (AppPort, sidecar.AppPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        (Config, configuration),
        ("dapr.io/app-protocol", "http"),
        ("dapr.io/enable-app-health-check", "true"),
        ("dapr.io/app-health-check-path", Kubernetes.WorkloadDefaults.ReadinessPath),
        ("dapr.io/log-as-json", "true"),
    ];
}
