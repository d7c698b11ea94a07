using System.CommandLine;

namespace AgentApp.Deploy.Monitoring;

/// <summary>The <c>k8s</c> command's monitoring options: <c>--monitoring</c>, its settings file and the collector's back ends.</summary>
public sealed class MonitoringCli
{
    private readonly Option<string> _monitoring = new("--monitoring")
    {
        Description = "Monitoring output: prometheus-operator adds monitoring/ (PrometheusRules, ServiceMonitor/PodMonitor, Grafana dashboards, an OpenTelemetry Collector).",
        DefaultValueFactory = _ => "none",
    };

    private readonly Option<string?> _settings = new("--monitoring-settings") { Description = "JSON file with SLO objectives, alert thresholds, tenant budgets and back-end endpoints." };
    private readonly Option<MetricsBackend?> _metrics = new("--collector-metrics") { Description = "Where the collector sends metrics: Prometheus (scraped), RemoteWrite or None." };
    private readonly Option<TracesBackend?> _traces = new("--collector-traces") { Description = "Where the collector sends traces: Tempo, Jaeger or None." };
    private readonly Option<LogsBackend?> _logs = new("--collector-logs") { Description = "Where the collector sends logs: Loki or None." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public MonitoringCli AddTo(Command command)
    {
        _monitoring.AcceptOnlyFromAmong("none", "prometheus-operator");
        foreach (var option in new Option[] { _monitoring, _settings, _metrics, _traces, _logs })
        {
            command.Options.Add(option);
        }

        return this;
    }

    /// <summary>The monitoring options, or none without <c>--monitoring prometheus-operator</c>.</summary>
    /// <exception cref="InvalidOperationException">The settings file is missing or invalid.</exception>
    public MonitoringOptions? Read(ParseResult parse)
    {
        if (parse.GetValue(_monitoring) != "prometheus-operator")
        {
            return null;
        }

        var path = parse.GetValue(_settings);
        if (path is not null && !File.Exists(path))
        {
            throw new InvalidOperationException($"--monitoring-settings: no file at {Path.GetFullPath(path)}.");
        }

        var options = path is null ? new MonitoringOptions() : MonitoringOptions.Load(path);
        return (options with
        {
            Metrics = parse.GetValue(_metrics) ?? options.Metrics,
            Traces = parse.GetValue(_traces) ?? options.Traces,
            Logs = parse.GetValue(_logs) ?? options.Logs,
        }).Validated();
    }
}
