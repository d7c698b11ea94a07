using AgentApp.Deploy.Kubernetes;
using static AgentApp.Deploy.Monitoring.Yaml;

namespace AgentApp.Deploy.Monitoring;

/// <summary>
/// The Kubernetes objects of the monitoring output: the collector (ServiceAccount, Deployment, Service), what the
/// Prometheus Operator scrapes (a ServiceMonitor on the collector, a PodMonitor on every daprd sidecar), and the
/// NetworkPolicies that let that traffic past the app's default-deny ingress policy.
/// </summary>
public static class MonitoringObjects
{
    /// <summary>The ConfigMap (kustomize-generated, hash-suffixed) holding <c>config.yaml</c>.</summary>
    public const string ConfigMapName = CollectorConfig.Name + "-config";

    private const string DaprMetricsPort = "dapr-metrics";

    /// <summary>The collector's ServiceAccount: no API access is needed, so no token is mounted.</summary>
    public static Dictionary<string, object> ServiceAccount(string app) => Map(
        ("apiVersion", "v1"), ("kind", "ServiceAccount"),
        ("metadata", Metadata(CollectorConfig.Name, app)),
        ("automountServiceAccountToken", false));

    /// <summary>The collector Deployment (two replicas would split traces between tail samplers; one is the safe default).</summary>
    public static Dictionary<string, object> Deployment(string app, MonitoringOptions options) => Map(
        ("apiVersion", "apps/v1"), ("kind", "Deployment"),
        ("metadata", Metadata(CollectorConfig.Name, app)),
        ("spec", Map(
            ("replicas", 1),
            ("selector", Map(("matchLabels", Labels.Selector(app, CollectorConfig.Name)))),
            ("template", Map(
                ("metadata", Map(("labels", Labels.Of(app, CollectorConfig.Name, "monitoring")))),
                ("spec", Map(
                    ("serviceAccountName", CollectorConfig.Name),
                    ("automountServiceAccountToken", false),
                    ("securityContext", Map(("runAsNonRoot", true), ("seccompProfile", Map(("type", "RuntimeDefault"))))),
                    ("containers", new List<object>
                    {
                        Map(
                            ("name", CollectorConfig.Name),
                            ("image", options.CollectorImage),
                            ("args", new List<object> { "--config=/conf/config.yaml" }),
                            ("env", new List<object>
                            {
                                // memory_limiter's percentages are of this limit.
                                Map(("name", "GOMEMLIMIT"), ("value", "400MiB")),
                            }),
                            ("ports", new List<object>
                            {
                                Port("otlp-grpc", CollectorConfig.OtlpGrpcPort),
                                Port("otlp-http", CollectorConfig.OtlpHttpPort),
                                Port("prometheus", CollectorConfig.PrometheusPort),
                                Port("metrics", CollectorConfig.SelfMetricsPort),
                                Port("health", CollectorConfig.HealthPort),
                            }),
                            // The health_check extension answers on one path for all three.
                            ("startupProbe", Map(("httpGet", Map(("path", "/"), ("port", "health"))), ("periodSeconds", 2), ("failureThreshold", 30))),
                            ("readinessProbe", Map(("httpGet", Map(("path", "/"), ("port", "health"))), ("periodSeconds", 10))),
                            ("livenessProbe", Map(("httpGet", Map(("path", "/"), ("port", "health"))), ("periodSeconds", 20))),
                            ("resources", Map(
                                ("requests", Map(("cpu", "100m"), ("memory", "256Mi"))),
                                ("limits", Map(("cpu", "1"), ("memory", "512Mi"))))),
                            ("securityContext", Map(("allowPrivilegeEscalation", false), ("readOnlyRootFilesystem", true),
                                ("capabilities", Map(("drop", new List<object> { "ALL" }))))),
                            ("volumeMounts", new List<object> { Map(("name", "config"), ("mountPath", "/conf")), Map(("name", "tmp"), ("mountPath", "/tmp")) })),
                    }),
                    ("volumes", new List<object>
                    {
                        Map(("name", "config"), ("configMap", Map(("name", ConfigMapName)))),
                        // The root file system is read-only; exporters' temporary files go here.
                        Map(("name", "tmp"), ("emptyDir", Map(("sizeLimit", "64Mi")))),
                    }))))))));

    /// <summary>The collector Service: the <c>otel-collector:4317</c> every service and sidecar is configured with.</summary>
    public static Dictionary<string, object> Service(string app) => Map(
        ("apiVersion", "v1"), ("kind", "Service"),
        ("metadata", Metadata(CollectorConfig.Name, app)),
        ("spec", Map(
            ("selector", Labels.Selector(app, CollectorConfig.Name)),
            ("ports", new List<object>
            {
                ServicePort("otlp-grpc", CollectorConfig.OtlpGrpcPort),
                ServicePort("otlp-http", CollectorConfig.OtlpHttpPort),
                ServicePort("prometheus", CollectorConfig.PrometheusPort),
                ServicePort("metrics", CollectorConfig.SelfMetricsPort),
            }))));

    /// <summary>Scrapes the collector: the app's metrics (honouring their job label, the service name) and the collector's own.</summary>
    public static Dictionary<string, object> ServiceMonitor(string app, MonitoringOptions options)
    {
        var endpoints = new List<object> { Map(("port", "metrics"), ("interval", "30s")) };
        if (options.Metrics == MetricsBackend.Prometheus)
        {
            endpoints.Insert(0, Map(("port", "prometheus"), ("interval", "30s"), ("honorLabels", true)));
        }

        return Map(
            ("apiVersion", "monitoring.coreos.com/v1"), ("kind", "ServiceMonitor"),
            ("metadata", Metadata(CollectorConfig.Name, app, options.PrometheusSelectorLabels)),
            ("spec", Map(
                ("selector", Map(("matchLabels", Labels.Selector(app, CollectorConfig.Name)))),
                ("endpoints", endpoints))));
    }

    /// <summary>Scrapes every daprd sidecar of the app (the injector names its metrics port <c>dapr-metrics</c>, 9090).</summary>
    public static Dictionary<string, object> PodMonitor(string app, MonitoringOptions options) => Map(
        ("apiVersion", "monitoring.coreos.com/v1"), ("kind", "PodMonitor"),
        ("metadata", Metadata(PrometheusMetrics.DaprSidecarJob, app, options.PrometheusSelectorLabels)),
        ("spec", Map(
            ("selector", Map(("matchLabels", Labels.Sorted((Labels.PartOf, app))))),
            ("podMetricsEndpoints", new List<object>
            {
                Map(("port", DaprMetricsPort), ("interval", "30s"), ("relabelings", new List<object>
                {
                    Map(("targetLabel", "job"), ("replacement", PrometheusMetrics.DaprSidecarJob)),
                    Map(("sourceLabels", new List<object> { "__meta_kubernetes_pod_annotation_dapr_io_app_id" }), ("targetLabel", "app_id")),
                })),
            }))));

    /// <summary>Lets the services and sidecars reach the collector's OTLP ports, and Prometheus its scrape ports.</summary>
    public static Dictionary<string, object> CollectorNetworkPolicy(string app) => Map(
        ("apiVersion", "networking.k8s.io/v1"), ("kind", "NetworkPolicy"),
        ("metadata", Metadata(CollectorConfig.Name, app)),
        ("spec", Map(
            ("podSelector", Map(("matchLabels", Labels.Selector(app, CollectorConfig.Name)))),
            ("policyTypes", new List<object> { "Ingress" }),
            ("ingress", new List<object>
            {
                Map(("from", new List<object> { Map(("podSelector", Map(("matchLabels", Labels.Sorted((Labels.PartOf, app)))))) }),
                    ("ports", new List<object> { TcpPort(CollectorConfig.OtlpGrpcPort), TcpPort(CollectorConfig.OtlpHttpPort) })),
                Map(("from", new List<object> { PrometheusPods() }),
                    ("ports", new List<object> { TcpPort(CollectorConfig.PrometheusPort), TcpPort(CollectorConfig.SelfMetricsPort) })),
            }))));

    /// <summary>Lets Prometheus scrape the daprd sidecars of every pod of the app.</summary>
    public static Dictionary<string, object> SidecarMetricsNetworkPolicy(string app) => Map(
        ("apiVersion", "networking.k8s.io/v1"), ("kind", "NetworkPolicy"),
        ("metadata", Metadata($"{app}-dapr-metrics", app)),
        ("spec", Map(
            ("podSelector", Map(("matchLabels", Labels.Sorted((Labels.PartOf, app))))),
            ("policyTypes", new List<object> { "Ingress" }),
            ("ingress", new List<object> { Map(("from", new List<object> { PrometheusPods() }), ("ports", new List<object> { TcpPort(9090) })) }))));

    // Prometheus pods in any namespace, as the Prometheus Operator labels them.
    private static Dictionary<string, object> PrometheusPods() => Map(
        ("namespaceSelector", Map()),
        ("podSelector", Map(("matchLabels", Labels.Sorted(("app.kubernetes.io/name", "prometheus"))))));

    private static Dictionary<string, object> Metadata(string name, string app, IReadOnlyDictionary<string, string>? extra = null)
    {
        var labels = Labels.Of(app, name, "monitoring");
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        return Map(("name", name), ("labels", labels));
    }

    private static Dictionary<string, object> Port(string name, int port) => Map(("name", name), ("containerPort", port), ("protocol", "TCP"));

    private static Dictionary<string, object> ServicePort(string name, int port) => Map(("name", name), ("port", port), ("targetPort", name), ("protocol", "TCP"));

    private static Dictionary<string, object> TcpPort(int port) => Map(("port", port), ("protocol", "TCP"));
}
