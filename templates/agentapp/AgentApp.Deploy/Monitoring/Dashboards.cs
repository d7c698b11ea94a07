using System.Text.Json;
using System.Text.Json.Nodes;
using M = AgentApp.Deploy.Monitoring.PrometheusMetrics;

namespace AgentApp.Deploy.Monitoring;

/// <summary>
/// Grafana dashboards (JSON model, schema 39) for the edge, the agents, the tasks and Dapr. Each has a Prometheus
/// data-source variable, so it imports into any Grafana; the Grafana sidecar loads them from a labelled ConfigMap.
/// </summary>
public static class Dashboards
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>File name (<c>edge.json</c>…) → dashboard JSON.</summary>
    public static IReadOnlyDictionary<string, string> Build(MonitoringOptions options, string app, string gatewayJob)
    {
        var cost = M.Cost(options.Currency);
        var gateway = $"job=\"{gatewayJob}\"";
        var dapr = $"job=\"{M.DaprSidecarJob}\"";
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["edge.json"] = Dashboard(app, "edge", "Edge (gateway)",
                Panel("Requests by decision", "reqps", $"sum by (outcome) (rate({M.EdgeDecisions}[5m]))", "{{outcome}}"),
                Panel("Rate limited and over quota (429)", "reqps",
                    $"sum by (outcome) (rate({M.EdgeDecisions}{{outcome=~\"rate_limited|quota_exceeded\"}}[5m]))", "{{outcome}}"),
                Panel("Authentication and authorisation failures by reason", "reqps",
                    $"sum by (outcome, reason) (rate({M.EdgeDecisions}{{outcome=~\"unauthenticated|forbidden\"}}[5m]))", "{{outcome}} {{reason}}"),
                Panel("Responses by status", "reqps", $"sum by (http_response_status_code) (rate({M.HttpServerDuration}_count{{{gateway}}}[5m]))", "{{http_response_status_code}}"),
                Panel("Latency p50 / p99", "s",
                    $"histogram_quantile(0.5, sum by (le) (rate({M.HttpServerDuration}_bucket{{{gateway}}}[5m])))", "p50",
                    $"histogram_quantile(0.99, sum by (le) (rate({M.HttpServerDuration}_bucket{{{gateway}}}[5m])))", "p99"),
                Panel("SLO error ratios (1h)", "percentunit",
                    $"{PrometheusMetrics.Prefix}:gateway_errors:ratio_rate1h", "5xx", $"{PrometheusMetrics.Prefix}:gateway_slow:ratio_rate1h", "slow")),
            ["agents.json"] = Dashboard(app, "agents", "Agents",
                Panel("Tokens by type and model", "short",
                    $"sum by (gen_ai_token_type, gen_ai_response_model) (rate({M.TokenUsage}_sum[5m]))", "{{gen_ai_token_type}} {{gen_ai_response_model}}"),
                Panel($"Spend per hour by tenant ({options.Currency})", "currency" + options.Currency,
                    $"sum by (tenant) (rate({cost}[1h])) * 3600", "{{tenant}}"),
                Panel($"Spend per hour by model ({options.Currency})", "currency" + options.Currency,
                    $"sum by (gen_ai_response_model) (rate({cost}[1h])) * 3600", "{{gen_ai_response_model}}"),
                Panel("Spend today vs budget by tenant", "currency" + options.Currency,
                    $"{PrometheusMetrics.Prefix}:tenant_cost:increase1d", "{{tenant}} spent", $"{PrometheusMetrics.Prefix}:tenant_cost:daily_budget", "{{tenant}} budget"),
                Panel("Model calls without a price", "short", $"sum by (gen_ai_response_model) (increase({M.UnpricedCalls}[1h]))", "{{gen_ai_response_model}}"),
                Panel("Model call latency p95", "s",
                    $"histogram_quantile(0.95, sum by (le, gen_ai_request_model) (rate({M.ModelCallDuration}_bucket[5m])))", "{{gen_ai_request_model}}"),
                Panel("Tool calls by tool and outcome", "ops", $"sum by (gen_ai_tool_name, outcome) (rate({M.ToolCalls}[5m]))", "{{gen_ai_tool_name}} {{outcome}}"),
                Panel("Guardrail decisions", "ops", $"sum by (rule, outcome) (rate({M.GuardrailDecisions}{{outcome!=\"pass\"}}[5m]))", "{{rule}} {{outcome}}")),
            ["tasks.json"] = Dashboard(app, "tasks", "Tasks",
                Panel("Throughput", "ops",
                    $"sum(rate({M.TasksStarted}[5m]))", "started", $"sum(rate({M.TasksSucceeded}[5m]))", "succeeded",
                    $"sum(rate({M.TasksFailed}[5m]))", "failed", $"sum(rate({M.TasksRetried}[5m]))", "retried"),
                Panel("Duration p50 / p95", "s",
                    $"histogram_quantile(0.5, sum by (le) (rate({M.TaskDuration}_bucket[5m])))", "p50",
                    $"histogram_quantile(0.95, sum by (le) (rate({M.TaskDuration}_bucket[5m])))", "p95"),
                Panel("Consumer lag", "short", $"sum by (messaging_destination_name) ({M.ConsumerLag})", "{{messaging_destination_name}}"),
                Panel("Dead letters and hand-backs per minute", "short",
                    $"sum(rate({M.TasksDeadLettered}[5m])) * 60", "dead-lettered", $"sum(rate({M.TasksHandedBack}[5m])) * 60", "handed back"),
                Panel("Purged by retention", "short", $"sum by (kind) (increase({M.TasksPurged}[1h]))", "{{kind}}")),
            ["dapr.json"] = Dashboard(app, "dapr", "Dapr sidecars",
                Panel("Sidecars up", "short", $"sum by (app_id) (up{{{dapr}}})", "{{app_id}}"),
                Panel("Component init failures", "short", $"sum by (app_id) (increase(dapr_runtime_component_init_fail_total{{{dapr}}}[1h]))", "{{app_id}}"),
                Panel("HTTP API requests", "reqps", $"sum by (app_id, status) (rate(dapr_http_server_request_count{{{dapr}}}[5m]))", "{{app_id}} {{status}}"),
                Panel("gRPC API calls", "reqps", $"sum by (app_id, grpc_server_status) (rate(dapr_grpc_io_server_completed_rpcs{{{dapr}}}[5m]))", "{{app_id}} {{grpc_server_status}}"),
                Panel("Sidecar memory", "bytes", $"sum by (app_id) (process_resident_memory_bytes{{{dapr}}})", "{{app_id}}")),
        };
    }

    private static string Dashboard(string app, string uid, string title, params JsonObject[] panels)
    {
        for (var i = 0; i < panels.Length; i++)
        {
            panels[i]["id"] = i + 1;
            panels[i]["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = i % 2 * 12, ["y"] = i / 2 * 8 };
        }

        var dashboard = new JsonObject
        {
            ["uid"] = $"{app}-{uid}",
            ["title"] = $"{app} / {title}",
            ["tags"] = new JsonArray(app),
            ["schemaVersion"] = 39,
            ["version"] = 1,
            ["editable"] = true,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["name"] = "datasource", ["label"] = "Prometheus", ["type"] = "datasource", ["query"] = "prometheus",
                }),
            },
            ["panels"] = new JsonArray([.. panels]),
        };
        return dashboard.ToJsonString(s_indented) + "\n";
    }

    // Targets come as (expression, legend) pairs.
    private static JsonObject Panel(string title, string unit, params string[] targets) => new()
    {
        ["type"] = "timeseries",
        ["title"] = title,
        ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
        ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = unit }, ["overrides"] = new JsonArray() },
        ["targets"] = new JsonArray([.. targets.Chunk(2).Select((t, i) => (JsonNode)new JsonObject
        {
            ["refId"] = ((char)('A' + i)).ToString(),
            ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
            ["expr"] = t[0],
            ["legendFormat"] = t[1],
        })]),
    };
}
