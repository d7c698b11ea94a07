namespace AgentApp.Deploy.Monitoring;

/// <summary>
/// The app's OpenTelemetry instruments under the names Prometheus stores them: the collector's Prometheus exporters
/// replace dots with underscores, append the unit (<c>s</c> → <c>_seconds</c>; units in braces such as <c>{task}</c> are
/// dropped) and <c>_total</c> to counters, and turn attributes into labels the same way. The job label is the service
/// name (<c>OTEL_SERVICE_NAME</c>).
/// </summary>
public static class PrometheusMetrics
{
    /// <summary>ASP.NET Core's <c>http.server.request.duration</c> histogram (s).</summary>
    public const string HttpServerDuration = "http_server_request_duration_seconds";

    /// <summary><c>agentapp.edge.decisions</c>: the gateway's decision per routed request (labels outcome, reason).</summary>
    public const string EdgeDecisions = "agentapp_edge_decisions_total";

    /// <summary><c>agentapp.gateway.redis.available</c> gauge: 1 while the gateway's rate-limit store answers, else 0.</summary>
    public const string GatewayRedisAvailable = "agentapp_gateway_redis_available";

    /// <summary><c>agentapp.tasks.started</c>.</summary>
    public const string TasksStarted = "agentapp_tasks_started_total";

    /// <summary><c>agentapp.tasks.succeeded</c>.</summary>
    public const string TasksSucceeded = "agentapp_tasks_succeeded_total";

    /// <summary><c>agentapp.tasks.failed</c>.</summary>
    public const string TasksFailed = "agentapp_tasks_failed_total";

    /// <summary><c>agentapp.tasks.retried</c>.</summary>
    public const string TasksRetried = "agentapp_tasks_retried_total";

    /// <summary><c>agentapp.tasks.dead_lettered</c>.</summary>
    public const string TasksDeadLettered = "agentapp_tasks_dead_lettered_total";

    /// <summary><c>agentapp.tasks.handed_back</c>.</summary>
    public const string TasksHandedBack = "agentapp_tasks_handed_back_total";

    /// <summary><c>agentapp.task.duration</c> histogram (s).</summary>
    public const string TaskDuration = "agentapp_task_duration_seconds";

    /// <summary><c>agentapp.tasks.consumer.lag</c> gauge (labels messaging_consumer_group_name, messaging_destination_name, partition).</summary>
    public const string ConsumerLag = "agentapp_tasks_consumer_lag";

    /// <summary><c>agentapp.tasks.purged</c>: finished tasks and workflow instances removed by retention (label kind).</summary>
    public const string TasksPurged = "agentapp_tasks_purged_total";

    /// <summary><c>agentapp.tool.calls</c> (labels gen_ai_tool_name, outcome).</summary>
    public const string ToolCalls = "agentapp_tool_calls_total";

    /// <summary><c>agentapp.guardrail.decisions</c> (labels rule, outcome).</summary>
    public const string GuardrailDecisions = "agentapp_guardrail_decisions_total";

    /// <summary><c>agentapp.cost.unpriced_calls</c>.</summary>
    public const string UnpricedCalls = "agentapp_cost_unpriced_calls_total";

    /// <summary>MEAI's <c>gen_ai.client.token.usage</c> histogram (labels gen_ai_token_type, gen_ai_request_model, gen_ai_response_model).</summary>
    public const string TokenUsage = "gen_ai_client_token_usage";

    /// <summary>MEAI's <c>gen_ai.client.operation.duration</c> histogram (s).</summary>
    public const string ModelCallDuration = "gen_ai_client_operation_duration_seconds";

    /// <summary>The job label the PodMonitor gives every daprd sidecar's metrics endpoint.</summary>
    public const string DaprSidecarJob = "dapr-sidecars";

    /// <summary><c>agentapp.cost</c>, whose unit is the pricing currency (labels gen_ai_response_model, tenant).</summary>
    public static string Cost(string currency) => $"agentapp_cost_{currency}_total";
}
