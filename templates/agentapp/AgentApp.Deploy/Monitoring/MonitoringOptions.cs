using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentApp.Deploy.Monitoring;

/// <summary>Where the collector sends metrics.</summary>
public enum MetricsBackend
{
    /// <summary>A Prometheus scrape endpoint on the collector (<c>prometheus</c> exporter), scraped through a ServiceMonitor.</summary>
    Prometheus,

    /// <summary>Prometheus remote write (Prometheus, Mimir, Thanos receive, VictoriaMetrics).</summary>
    RemoteWrite,

    /// <summary>No metrics leave the collector.</summary>
    None,
}

/// <summary>Where the collector sends traces (both take OTLP/gRPC).</summary>
public enum TracesBackend
{
    /// <summary>Grafana Tempo.</summary>
    Tempo,

    /// <summary>Jaeger (v1.35+ and v2 take OTLP natively).</summary>
    Jaeger,

    /// <summary>No traces leave the collector.</summary>
    None,
}

/// <summary>Where the collector sends logs.</summary>
public enum LogsBackend
{
    /// <summary>Grafana Loki 3+, through its native OTLP endpoint.</summary>
    Loki,

    /// <summary>No logs leave the collector.</summary>
    None,
}

/// <summary>
/// The monitoring output (<c>--monitoring prometheus-operator</c>): objectives, alert thresholds, tenant budgets and the
/// collector's back ends. Every number an alert compares with comes from here, so an operator tunes alerts by changing
/// this file (<c>--monitoring-settings</c>), not the generated YAML.
/// </summary>
public sealed record MonitoringOptions
{
    /// <summary>The bucket bounds ASP.NET Core's <c>http.server.request.duration</c> advises (seconds): a latency objective must name one.</summary>
    public static readonly IReadOnlyList<double> RequestDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Fraction of gateway requests that must not fail with a 5xx, over 30 days.</summary>
    public double AvailabilityObjective { get; init; } = 0.995;

    /// <summary>Fraction of gateway requests that must finish within <see cref="LatencyThresholdSeconds"/> (0.99: a p99 objective).</summary>
    public double LatencyObjective { get; init; } = 0.99;

    /// <summary>The p99 latency bound in seconds; one of <see cref="RequestDurationBuckets"/>. Streaming responses count their whole stream.</summary>
    public double LatencyThresholdSeconds { get; init; } = 10;

    /// <summary>Messages the task consumer may be behind (summed over partitions) for 10 minutes before an alert.</summary>
    public long ConsumerLagThreshold { get; init; } = 1000;

    /// <summary>Dead-lettered tasks per minute (10-minute average) above which an alert fires; 0 alerts on any.</summary>
    public double DeadLettersPerMinute { get; init; }

    /// <summary>Failed / finished tasks over 15 minutes above which an alert fires.</summary>
    public double TaskFailureRatio { get; init; } = 0.05;

    /// <summary>The currency of the agent's cost metric (the api's <c>ModelPricing:Currency</c>); it becomes the metric's unit suffix.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Daily model spend allowed per tenant, in <see cref="Currency"/>.</summary>
    public IReadOnlyDictionary<string, double> TenantDailyBudgets { get; init; } = new Dictionary<string, double>();

    /// <summary>The daily budget of a tenant not in <see cref="TenantDailyBudgets"/>; none leaves such tenants unwatched.</summary>
    public double? DefaultTenantDailyBudget { get; init; } = 50;

    /// <summary>Labels put on PrometheusRules, ServiceMonitors and PodMonitors so the Prometheus Operator selects them.</summary>
    public IReadOnlyDictionary<string, string> PrometheusSelectorLabels { get; init; } =
        new Dictionary<string, string> { ["release"] = "kube-prometheus-stack" };

    /// <summary>The label the Grafana sidecar looks for on dashboard ConfigMaps (kube-prometheus-stack's default).</summary>
    public string GrafanaDashboardLabel { get; init; } = "grafana_dashboard";

    /// <summary>Where metrics go.</summary>
    public MetricsBackend Metrics { get; init; } = MetricsBackend.Prometheus;

    /// <summary>Where traces go.</summary>
    public TracesBackend Traces { get; init; } = TracesBackend.Tempo;

    /// <summary>Where logs go.</summary>
    public LogsBackend Logs { get; init; } = LogsBackend.Loki;

    /// <summary>The remote-write URL for <see cref="MetricsBackend.RemoteWrite"/>.</summary>
    public string RemoteWriteUrl { get; init; } = "http://prometheus-operated.monitoring:9090/api/v1/write";

    /// <summary>Tempo's OTLP/gRPC address.</summary>
    public string TempoEndpoint { get; init; } = "tempo.monitoring:4317";

    /// <summary>Jaeger's OTLP/gRPC address.</summary>
    public string JaegerEndpoint { get; init; } = "jaeger-collector.monitoring:4317";

    /// <summary>Loki's OTLP/HTTP base URL (the collector appends <c>/v1/logs</c>).</summary>
    public string LokiEndpoint { get; init; } = "http://loki-gateway.monitoring/otlp";

    /// <summary>Traces with a span slower than this are always kept.</summary>
    public int SlowTraceMilliseconds { get; init; } = 2000;

    /// <summary>The share of other traces kept, in percent.</summary>
    public double BaselineSamplingPercent { get; init; } = 10;

    /// <summary>The collector image (contrib: it has the tail-sampling processor and the Prometheus exporters).</summary>
    public string CollectorImage { get; init; } = "otel/opentelemetry-collector-contrib:0.148.0";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads a settings file (JSON, camelCase, comments allowed); unknown keys and out-of-range values are errors naming the field.</summary>
    /// <exception cref="InvalidOperationException">The file is not valid settings.</exception>
    public static MonitoringOptions Load(string path)
    {
        MonitoringOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<MonitoringOptions>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path}: {ex.Message}", ex);
        }

        return (options ?? new MonitoringOptions()).Validated(path);
    }

    /// <summary>This, after checking every value an alert depends on.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range; the message names it.</exception>
    public MonitoringOptions Validated(string source = "monitoring settings")
    {
        Check(AvailabilityObjective is > 0 and < 1, nameof(AvailabilityObjective), "must be between 0 and 1 (e.g. 0.995)");
        Check(LatencyObjective is > 0 and < 1, nameof(LatencyObjective), "must be between 0 and 1 (e.g. 0.99)");
        Check(RequestDurationBuckets.Contains(LatencyThresholdSeconds), nameof(LatencyThresholdSeconds),
            $"must be a bucket bound of http.server.request.duration: {string.Join(", ", RequestDurationBuckets.Select(Format))}");
        Check(ConsumerLagThreshold > 0, nameof(ConsumerLagThreshold), "must be positive");
        Check(DeadLettersPerMinute >= 0, nameof(DeadLettersPerMinute), "must not be negative");
        Check(TaskFailureRatio is > 0 and < 1, nameof(TaskFailureRatio), "must be between 0 and 1");
        Check(Currency.Length > 0 && Currency.All(char.IsAsciiLetter), nameof(Currency), "must be letters, e.g. USD");
        Check(TenantDailyBudgets.All(b => b.Value > 0 && b.Key.Length > 0), nameof(TenantDailyBudgets), "must map tenant names to positive amounts");
        Check(DefaultTenantDailyBudget is null or > 0, nameof(DefaultTenantDailyBudget), "must be positive, or null to watch only the listed tenants");
        Check(SlowTraceMilliseconds > 0, nameof(SlowTraceMilliseconds), "must be positive");
        Check(BaselineSamplingPercent is >= 0 and <= 100, nameof(BaselineSamplingPercent), "must be a percentage");
        return this;

        void Check(bool valid, string field, string rule)
        {
            if (!valid)
            {
                throw new InvalidOperationException($"{source}: {char.ToLowerInvariant(field[0])}{field[1..]} {rule}.");
            }
        }
    }

    /// <summary>A number as Prometheus and the collector print it (invariant, shortest round-trip).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
