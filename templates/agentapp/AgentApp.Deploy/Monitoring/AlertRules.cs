using static AgentApp.Deploy.Monitoring.Yaml;

namespace AgentApp.Deploy.Monitoring;

/// <summary>A PrometheusRule's name and its rule groups (each group as Prometheus reads it: <c>name</c>, <c>rules</c>).</summary>
/// <param name="Name">The object's name; also the file name.</param>
/// <param name="Groups">The groups.</param>
public sealed record RuleSet(string Name, IReadOnlyList<Dictionary<string, object>> Groups);

/// <summary>
/// The alerting and recording rules. Gateway SLOs use the multi-window, multi-burn-rate alerts of Google's SRE workbook
/// (chapter "Alerting on SLOs"): a page when 2% of a 30-day error budget burns in an hour (14.4×, 1h and 5m windows) or
/// 5% in six hours (6×, 6h and 30m), a ticket when 10% burns in a day (3×, 1d and 2h) or the burn holds at 1× for three
/// days (3d and 6h). The short window makes an alert stop soon after the burn does.
/// </summary>
public static class AlertRules
{
    private static readonly string[] s_windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

    private static readonly (string Severity, double Factor, string Long, string Short)[] s_burns =
        [("page", 14.4, "1h", "5m"), ("page", 6, "6h", "30m"), ("ticket", 3, "1d", "2h"), ("ticket", 1, "3d", "6h")];

    /// <summary>Every rule set, for a gateway whose metrics carry <c>job="<paramref name="gatewayJob"/>"</c>.</summary>
    public static IReadOnlyList<RuleSet> Build(MonitoringOptions options, string gatewayJob) =>
    [
        new("agentapp-gateway-slo", [GatewaySlo(options, gatewayJob)]),
        new("agentapp-tasks", [Tasks(options)]),
        new("agentapp-dapr", [Dapr()]),
        new("agentapp-cost", [Cost(options)]),
    ];

    private static Dictionary<string, object> GatewaySlo(MonitoringOptions options, string job)
    {
        var requests = $"{PrometheusMetrics.HttpServerDuration}_count{{job=\"{job}\"}}";
        var errors = $"{PrometheusMetrics.HttpServerDuration}_count{{job=\"{job}\",http_response_status_code=~\"5..\"}}";
        var fast = $"{PrometheusMetrics.HttpServerDuration}_bucket{{job=\"{job}\",le=\"{MonitoringOptions.Format(options.LatencyThresholdSeconds)}\"}}";
        var rules = new List<object>();
        foreach (var window in s_windows)
        {
            rules.Add(Map(("record", $"{PrometheusMetrics.Prefix}:gateway_errors:ratio_rate{window}"),
                ("expr", $"sum(rate({errors}[{window}])) / sum(rate({requests}[{window}]))")));
            rules.Add(Map(("record", $"{PrometheusMetrics.Prefix}:gateway_slow:ratio_rate{window}"),
                ("expr", $"1 - sum(rate({fast}[{window}])) / sum(rate({requests}[{window}]))")));
        }

        // Readiness stays up while Redis is away (the gateway answers 503 only for what needs it), so no pod goes
        // unready: this gauge is what shows the outage.
        rules.Add(Alert("GatewayRateLimitStoreDown", $"min by (job, instance) ({PrometheusMetrics.GatewayRedisAvailable}{{job=\"{job}\"}}) == 0",
            "2m", "critical", "The gateway cannot reach its rate-limit store",
            "{{ $labels.instance }} has answered 503 for every rate-limited route for 2 minutes: Redis is unreachable from it."));
        rules.AddRange(BurnAlerts("GatewayAvailability", $"{PrometheusMetrics.Prefix}:gateway_errors", options.AvailabilityObjective,
            "5xx responses at the gateway", $"{Percent(options.AvailabilityObjective)} of gateway requests succeed"));
        rules.AddRange(BurnAlerts("GatewayLatency", $"{PrometheusMetrics.Prefix}:gateway_slow", options.LatencyObjective,
            $"gateway requests slower than {MonitoringOptions.Format(options.LatencyThresholdSeconds)}s",
            $"{Percent(options.LatencyObjective)} of gateway requests finish within {MonitoringOptions.Format(options.LatencyThresholdSeconds)}s"));
        return Map(("name", "agentapp-gateway-slo"), ("rules", rules));
    }

    private static IEnumerable<object> BurnAlerts(string slo, string record, double objective, string what, string statement)
    {
        var budget = MonitoringOptions.Format(Math.Round(1 - objective, 10));
        foreach (var severity in new[] { "page", "ticket" })
        {
            var conditions = s_burns.Where(b => b.Severity == severity).Select(b =>
                $"({record}:ratio_rate{b.Long} > ({MonitoringOptions.Format(b.Factor)} * {budget}) and {record}:ratio_rate{b.Short} > ({MonitoringOptions.Format(b.Factor)} * {budget}))");
            yield return Alert(severity == "page" ? $"{slo}BudgetBurnFast" : $"{slo}BudgetBurnSlow",
                string.Join(" or ", conditions), severity == "page" ? "2m" : "15m", severity == "page" ? "critical" : "warning",
                $"The {statement} objective is burning its error budget {(severity == "page" ? "fast" : "steadily")}",
                $"{{{{ $value | humanizePercentage }}}} of requests over the long window were {what} (budget {budget}).");
        }
    }

    private static Dictionary<string, object> Tasks(MonitoringOptions options)
    {
        var failed = $"sum(rate({PrometheusMetrics.TasksFailed}[15m]))";
        var succeeded = $"sum(rate({PrometheusMetrics.TasksSucceeded}[15m]))";
        return Map(("name", "agentapp-tasks"), ("rules", new List<object>
        {
            Alert("TaskConsumerLagHigh",
                $"sum by (messaging_consumer_group_name, messaging_destination_name) ({PrometheusMetrics.ConsumerLag}) > {options.ConsumerLagThreshold}",
                "10m", "warning", "The task consumer is falling behind",
                "{{ $labels.messaging_consumer_group_name }} is {{ $value }} messages behind on {{ $labels.messaging_destination_name }}."),
            Alert("TaskDeadLetters",
                $"sum(rate({PrometheusMetrics.TasksDeadLettered}[10m])) * 60 > {MonitoringOptions.Format(options.DeadLettersPerMinute)}",
                "5m", "warning", "Tasks are going to the dead-letter topic",
                "{{ $value | humanize }} tasks per minute were dead-lettered over the last 10 minutes."),
            Alert("TaskFailureRatioHigh",
                $"{failed} / ({failed} + {succeeded}) > {MonitoringOptions.Format(options.TaskFailureRatio)}",
                "10m", "warning", "Too many tasks fail",
                "{{ $value | humanizePercentage }} of the tasks finished in the last 15 minutes failed."),
        }));
    }

    private static Dictionary<string, object> Dapr()
    {
        var job = PrometheusMetrics.DaprSidecarJob;
        return Map(("name", "agentapp-dapr"), ("rules", new List<object>
        {
            Alert("DaprSidecarDown", $"up{{job=\"{job}\"}} == 0", "5m", "critical", "A Dapr sidecar does not answer",
                "daprd in {{ $labels.namespace }}/{{ $labels.pod }} (app id {{ $labels.app_id }}) has not been scrapable for 5 minutes."),
            Alert("DaprSidecarsAbsent", $"absent(up{{job=\"{job}\"}})", "15m", "warning", "No Dapr sidecar is being scraped",
                "No daprd metrics endpoint was found for 15 minutes: the sidecars are not injected, or the PodMonitor does not select them."),
            Alert("DaprComponentInitFailures", $"sum by (app_id, namespace) (increase(dapr_runtime_component_init_fail_total{{job=\"{job}\"}}[10m])) > 0",
                "0m", "critical", "A Dapr component failed to initialise",
                "{{ $labels.app_id }} failed to initialise a component (state store or pub/sub) in the last 10 minutes."),
        }));
    }

    private static Dictionary<string, object> Cost(MonitoringOptions options)
    {
        var rules = new List<object>
        {
            // Spend per tenant per day, projected from the last hour (the burn) and counted over the last day.
            Map(("record", $"{PrometheusMetrics.Prefix}:tenant_cost:daily_rate1h"), ("expr", $"sum by (tenant) (rate({PrometheusMetrics.Cost(options.Currency)}[1h])) * 86400")),
            Map(("record", $"{PrometheusMetrics.Prefix}:tenant_cost:increase1d"), ("expr", $"sum by (tenant) (increase({PrometheusMetrics.Cost(options.Currency)}[1d]))")),
        };
        foreach (var (tenant, budget) in options.TenantDailyBudgets.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            rules.Add(Map(("record", $"{PrometheusMetrics.Prefix}:tenant_cost:daily_budget"), ("expr", $"vector({MonitoringOptions.Format(budget)})"),
                ("labels", Map(("tenant", tenant)))));
        }

        if (Budget($"{PrometheusMetrics.Prefix}:tenant_cost:daily_rate1h", options) is { } projectedBudget)
        {
            rules.Add(Alert("TenantCostBudgetBurn", $"{PrometheusMetrics.Prefix}:tenant_cost:daily_rate1h > on (tenant) {projectedBudget}",
                "15m", "warning", "A tenant is spending faster than its daily budget",
                $"{{{{ $labels.tenant }}}} is on course to spend {{{{ $value | humanize }}}} {options.Currency} a day, over its budget."));
            rules.Add(Alert("TenantCostBudgetExhausted", $"{PrometheusMetrics.Prefix}:tenant_cost:increase1d > on (tenant) {Budget($"{PrometheusMetrics.Prefix}:tenant_cost:increase1d", options)}",
                "0m", "critical", "A tenant has spent its daily budget",
                $"{{{{ $labels.tenant }}}} spent {{{{ $value | humanize }}}} {options.Currency} in the last 24 hours, over its budget."));
        }

        return Map(("name", "agentapp-cost"), ("rules", rules));
    }

    // The listed tenants' budgets; every other tenant seen in the spend gets the default, if there is one; none without either.
    private static string? Budget(string spend, MonitoringOptions options)
    {
        var listed = options.TenantDailyBudgets.Count > 0 ? $"{PrometheusMetrics.Prefix}:tenant_cost:daily_budget" : null;
        var fallback = options.DefaultTenantDailyBudget is { } amount ? $"(0 * {spend} + {MonitoringOptions.Format(amount)})" : null;
        return (listed, fallback) switch
        {
            ({ } l, { } f) => $"({l} or on (tenant) {f})",
            ({ } l, null) => l,
            (null, { } f) => f,
            _ => null,
        };
    }

    private static Dictionary<string, object> Alert(string name, string expr, string @for, string severity, string summary, string description) =>
        Map(("alert", name), ("expr", expr), ("for", @for == "0m" ? null : @for),
            ("labels", Map(("severity", severity))),
            ("annotations", Map(("summary", summary), ("description", description))));

    private static string Percent(double objective) => $"{MonitoringOptions.Format(Math.Round(objective * 100, 6))}%";
}
