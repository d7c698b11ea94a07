using System.Text.Json.Nodes;
using AgentApp.Deploy.Monitoring;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>
/// <c>promtool test rules</c> fixtures for the monitoring output's alerts (rendered with a 1000 budget for tenant
/// <c>acme</c> and 50 for the rest): for each alert, series that break its objective and must fire it, and healthy
/// series at the same time that must not. Series are sampled every minute.
/// </summary>
public static class AlertFixtures
{
    private const string Requests = "http_server_request_duration_seconds_count";
    private const string Fast = "http_server_request_duration_seconds_bucket";

    private static readonly Fixture[] s_fixtures =
    [
        // 10% of gateway requests fail: above 14.4 × 0.5% (page) and 3 × 0.5% (ticket).
        new("GatewayAvailabilityBudgetBurnFast", "65m", [("severity", "critical")],
            Gateway(ok: 90, failed: 10, fast: null), Gateway(ok: 999, failed: 1, fast: null)),
        new("GatewayAvailabilityBudgetBurnSlow", "150m", [("severity", "warning")],
            Gateway(ok: 90, failed: 10, fast: null), Gateway(ok: 999, failed: 1, fast: null)),
        // 20% of requests slower than 10 s: above 14.4 × 1% and 3 × 1%.
        new("GatewayLatencyBudgetBurnFast", "65m", [("severity", "critical")],
            Gateway(ok: 100, failed: 0, fast: 80), Gateway(ok: 100, failed: 0, fast: 100)),
        new("GatewayLatencyBudgetBurnSlow", "150m", [("severity", "warning")],
            Gateway(ok: 100, failed: 0, fast: 80), Gateway(ok: 100, failed: 0, fast: 100)),
        new("GatewayRateLimitStoreDown", "5m", [("severity", "critical"), ("job", "gateway"), ("instance", "10.0.0.9:8080")],
            [($"{PrometheusMetrics.GatewayRedisAvailable}{{job=\"gateway\",instance=\"10.0.0.9:8080\"}}", "1 1 0 0 0 0 0 0")],
            [($"{PrometheusMetrics.GatewayRedisAvailable}{{job=\"gateway\",instance=\"10.0.0.9:8080\"}}", "1 1 0 1 1 1 1 1")]),
        new("TaskConsumerLagHigh", "15m",
            [("severity", "warning"), ("messaging_consumer_group_name", "agentapp"), ("messaging_destination_name", "tasks")],
            [Lag("0", "1500x30"), Lag("1", "500x30")], [Lag("0", "10x30"), Lag("1", "5x30")]),
        new("TaskDeadLetters", "20m", [("severity", "warning")],
            [($"{PrometheusMetrics.TasksDeadLettered}{{job=\"worker\"}}", "0+1x30")], [($"{PrometheusMetrics.TasksDeadLettered}{{job=\"worker\"}}", "0x30")]),
        new("TaskFailureRatioHigh", "30m", [("severity", "warning")],
            [($"{PrometheusMetrics.TasksFailed}{{job=\"worker\"}}", "0+2x40"), ($"{PrometheusMetrics.TasksSucceeded}{{job=\"worker\"}}", "0+8x40")],
            [($"{PrometheusMetrics.TasksFailed}{{job=\"worker\"}}", "0x40"), ($"{PrometheusMetrics.TasksSucceeded}{{job=\"worker\"}}", "0+10x40")]),
        new("DaprSidecarDown", "10m",
            [("severity", "critical"), ("job", "dapr-sidecars"), ("namespace", "agents"), ("pod", "api-7d9f"), ("app_id", "api"), ("instance", "10.0.0.7:9090")],
            [(Sidecar("up"), "0x20")], [(Sidecar("up"), "1x20")]),
        new("DaprSidecarsAbsent", "20m", [("severity", "warning"), ("job", "dapr-sidecars")],
            [("up{job=\"kubelet\"}", "1x30")], [(Sidecar("up"), "1x30")]),
        new("DaprComponentInitFailures", "8m", [("severity", "critical"), ("app_id", "api"), ("namespace", "agents")],
            [(Sidecar("dapr_runtime_component_init_fail_total"), "0 0 0 1 1 1 1 1 1 1")], [(Sidecar("dapr_runtime_component_init_fail_total"), "0x10")]),
        // Both tenants spend 0.5 a minute (720 a day, 60 in two hours): over beta's default budget of 50, under acme's 1000.
        new("TenantCostBudgetBurn", "80m", [("severity", "warning"), ("tenant", "beta")],
            [Spend("acme", "0+0.5x130"), Spend("beta", "0+0.5x130")], [Spend("acme", "0+0.5x130"), Spend("beta", "0+0.01x130")]),
        new("TenantCostBudgetExhausted", "120m", [("severity", "critical"), ("tenant", "beta")],
            [Spend("acme", "0+0.5x130"), Spend("beta", "0+0.5x130")], [Spend("acme", "0+0.5x130"), Spend("beta", "0+0.01x130")]),
    ];

    /// <summary>The alerts the fixtures cover.</summary>
    public static IEnumerable<string> Names => s_fixtures.Select(f => f.Alert);

    /// <summary>The test file (JSON, which promtool reads as YAML) for rule files beside it.</summary>
    public static string TestFile(IEnumerable<string> ruleFiles)
    {
        var tests = new JsonArray();
        foreach (var fixture in s_fixtures)
        {
            tests.Add(Test(fixture.Firing, fixture.Alert, fixture.At, new JsonArray(new JsonObject
            {
                ["exp_labels"] = new JsonObject([.. fixture.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
            })));
            tests.Add(Test(fixture.Healthy, fixture.Alert, fixture.At, []));
        }

        return new JsonObject
        {
            ["rule_files"] = new JsonArray([.. ruleFiles.Select(f => (JsonNode)f)]),
            ["evaluation_interval"] = "1m",
            ["tests"] = tests,
        }.ToJsonString();
    }

    private static JsonObject Test((string Series, string Values)[] series, string alert, string at, JsonArray expected) => new()
    {
        ["interval"] = "1m",
        ["input_series"] = new JsonArray([.. series.Select(s => (JsonNode)new JsonObject { ["series"] = s.Series, ["values"] = s.Values })]),
        ["alert_rule_test"] = new JsonArray(new JsonObject { ["eval_time"] = at, ["alertname"] = alert, ["exp_alerts"] = expected }),
    };

    private static (string, string)[] Gateway(int ok, int failed, int? fast)
    {
        var series = new List<(string, string)>
        {
            ($"{Requests}{{job=\"gateway\",http_response_status_code=\"200\"}}", $"0+{ok}x200"),
            ($"{Requests}{{job=\"gateway\",http_response_status_code=\"500\"}}", $"0+{failed}x200"),
        };
        if (fast is { } withinThreshold)
        {
            series.Add(($"{Fast}{{job=\"gateway\",http_response_status_code=\"200\",le=\"10\"}}", $"0+{withinThreshold}x200"));
        }

        return [.. series];
    }

    private static (string, string) Lag(string partition, string values) =>
        ($"{PrometheusMetrics.ConsumerLag}{{job=\"worker\",messaging_consumer_group_name=\"agentapp\",messaging_destination_name=\"tasks\",messaging_destination_partition_id=\"{partition}\"}}", values);

    private static string Sidecar(string metric) =>
        $"{metric}{{job=\"dapr-sidecars\",namespace=\"agents\",pod=\"api-7d9f\",app_id=\"api\",instance=\"10.0.0.7:9090\"}}";

    private static (string, string) Spend(string tenant, string values) =>
        ($"{PrometheusMetrics.Cost("USD")}{{job=\"api\",tenant=\"{tenant}\",gen_ai_response_model=\"gpt-4o-mini\"}}", values);

    private sealed record Fixture(string Alert, string At, (string Key, string Value)[] Labels, (string, string)[] Firing, (string, string)[] Healthy);
}
