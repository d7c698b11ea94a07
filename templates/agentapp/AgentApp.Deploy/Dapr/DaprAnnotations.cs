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

    /// <summary><c>dapr.io/graceful-shutdown-seconds</c>: how long daprd keeps serving the app after SIGTERM (default 5).</summary>
    public const string GracefulShutdownSeconds = "dapr.io/graceful-shutdown-seconds";

    /// <summary><c>dapr.io/sidecar-cpu-request</c>: without it the injected container has no CPU request (the chart's default).</summary>
    public const string SidecarCpuRequest = "dapr.io/sidecar-cpu-request";

    /// <summary><c>dapr.io/disable-builtin-k8s-secret-store</c>.</summary>
    public const string DisableBuiltinSecretStore = "dapr.io/disable-builtin-k8s-secret-store";

    /// <summary>The port daprd serves Prometheus metrics on.</summary>
    public const int MetricsPort = 9090;

    /// <summary>
    /// How long daprd keeps serving after SIGTERM. It must outlast the app's own drain, which .NET's host bounds by its
    /// shutdown timeout (30 s by default; the worker drains running tasks for 15 s of it): an app that drains longer loses
    /// its sidecar mid-drain (https://docs.dapr.io/operations/hosting/kubernetes/kubernetes-annotations/).
    /// </summary>
    public const int ShutdownSeconds = 30;

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
        // Pods mount no service-account token (they call no Kubernetes API), and daprd's built-in Kubernetes secret store
        // exits without one (dapr/dapr#7682). Components still read Secrets: the Dapr operator resolves secretKeyRef.
        (DisableBuiltinSecretStore, "true"),
        (GracefulShutdownSeconds, ShutdownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // Requests make the sidecar count in scheduling and CPU utilisation; limits keep a runaway sidecar from starving the app.
        (SidecarCpuRequest, "100m"),
        ("dapr.io/sidecar-memory-request", "128Mi"),
        ("dapr.io/sidecar-cpu-limit", "500m"),
        ("dapr.io/sidecar-memory-limit", "256Mi"),
        ("dapr.io/enable-metrics", "true"),
        ("dapr.io/metrics-port", MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
