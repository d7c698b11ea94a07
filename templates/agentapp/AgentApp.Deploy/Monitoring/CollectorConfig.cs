using static AgentApp.Deploy.Monitoring.Yaml;

namespace AgentApp.Deploy.Monitoring;

/// <summary>
/// The OpenTelemetry Collector's configuration: OTLP in from the services and the Dapr sidecars; metrics to a
/// Prometheus-compatible back end, traces to Tempo or Jaeger, logs to Loki, each chosen in <see cref="MonitoringOptions"/>.
/// Traces are tail-sampled: a trace with an error or a slow span is always kept, a share of the rest is kept.
/// </summary>
public static class CollectorConfig
{
    /// <summary>The collector's name: Deployment, Service and the OTLP host the services are given.</summary>
    public const string Name = "otel-collector";

    /// <summary>Ports: OTLP/gRPC, OTLP/HTTP, the Prometheus exporter, the collector's own metrics, health.</summary>
    public const int OtlpGrpcPort = 4317, OtlpHttpPort = 4318, PrometheusPort = 8889, SelfMetricsPort = 8888, HealthPort = 13133;

    /// <summary>The configuration document.</summary>
    public static Dictionary<string, object> Build(MonitoringOptions options)
    {
        var exporters = new Dictionary<string, object>(StringComparer.Ordinal);
        var pipelines = new Dictionary<string, object>(StringComparer.Ordinal);
        string[] common = ["memory_limiter"];

        if (Metrics(options) is var (metricsName, metricsExporter))
        {
            exporters[metricsName] = metricsExporter;
            pipelines["metrics"] = Pipeline([.. common, "batch"], metricsName);
        }

        if (Traces(options) is var (tracesName, tracesExporter))
        {
            exporters[tracesName] = tracesExporter;
            // Tail sampling before batching: it needs whole traces, and batches would split them.
            pipelines["traces"] = Pipeline([.. common, "tail_sampling", "batch"], tracesName);
        }

        if (options.Logs == LogsBackend.Loki)
        {
            exporters["otlphttp/loki"] = Map(("endpoint", options.LokiEndpoint));
            pipelines["logs"] = Pipeline([.. common, "batch"], "otlphttp/loki");
        }

        if (pipelines.Count == 0)
        {
            // A collector needs one pipeline; this one keeps it running (and its OTLP port answering) with nowhere to send.
            exporters["nop"] = Map();
            pipelines["traces"] = Pipeline(common, "nop");
        }

        var processors = Map(
            ("memory_limiter", Map(("check_interval", "1s"), ("limit_percentage", 80), ("spike_limit_percentage", 20))),
            ("batch", Map(("send_batch_size", 8192), ("timeout", "5s"))),
            ("tail_sampling", Traces(options) is null ? null : TailSampling(options)));

        return Map(
            ("extensions", Map(("health_check", Map(("endpoint", $"0.0.0.0:{HealthPort}"))))),
            ("receivers", Map(("otlp", Map(("protocols", Map(
                ("grpc", Map(("endpoint", $"0.0.0.0:{OtlpGrpcPort}"))),
                ("http", Map(("endpoint", $"0.0.0.0:{OtlpHttpPort}"))))))))),
            ("processors", processors),
            ("exporters", exporters),
            ("service", Map(
                ("extensions", new List<object> { "health_check" }),
                ("telemetry", Map(("metrics", Map(("readers", new List<object>
                {
                    Map(("pull", Map(("exporter", Map(("prometheus", Map(("host", "0.0.0.0"), ("port", SelfMetricsPort))))))))
                }))))),
                ("pipelines", pipelines))));
    }

    private static (string, Dictionary<string, object>)? Metrics(MonitoringOptions options) => options.Metrics switch
    {
        // job = the service name, so rules can say job="gateway"; other resource attributes stay in target_info.
        MetricsBackend.Prometheus => ("prometheus", Map(("endpoint", $"0.0.0.0:{PrometheusPort}"), ("metric_expiration", "5m"))),
        MetricsBackend.RemoteWrite => ("prometheusremotewrite", Map(("endpoint", options.RemoteWriteUrl))),
        _ => null,
    };

    private static (string, Dictionary<string, object>)? Traces(MonitoringOptions options) => options.Traces switch
    {
        TracesBackend.Tempo => ("otlp/tempo", Otlp(options.TempoEndpoint)),
        TracesBackend.Jaeger => ("otlp/jaeger", Otlp(options.JaegerEndpoint)),
        _ => null,
    };

    // In-cluster back ends without TLS; put a TLS block here for one that terminates TLS itself.
    private static Dictionary<string, object> Otlp(string endpoint) =>
        Map(("endpoint", endpoint), ("tls", Map(("insecure", true))));

    private static Dictionary<string, object> TailSampling(MonitoringOptions options) => Map(
        ("decision_wait", "10s"),
        ("num_traces", 50000),
        ("expected_new_traces_per_sec", 100),
        // A trace is kept when any policy says so.
        ("policies", new List<object>
        {
            Map(("name", "errors"), ("type", "status_code"), ("status_code", Map(("status_codes", new List<object> { "ERROR" })))),
            Map(("name", "slow"), ("type", "latency"), ("latency", Map(("threshold_ms", options.SlowTraceMilliseconds)))),
            Map(("name", "baseline"), ("type", "probabilistic"), ("probabilistic", Map(("sampling_percentage", options.BaselineSamplingPercent)))),
        }));

    private static Dictionary<string, object> Pipeline(string[] processors, string exporter) => Map(
        ("receivers", new List<object> { "otlp" }),
        ("processors", processors.Cast<object>().ToList()),
        ("exporters", new List<object> { exporter }));
}
