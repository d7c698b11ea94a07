namespace AgentApp.Deploy.Monitoring;

/// <summary>
/// The app's OpenTelemetry instruments under the names Prometheus stores them: the collector's Prometheus exporters
/// replace dots with underscores, append the unit (<c>s</c> → <c>_seconds</c>; units in braces such as <c>{task}</c> are
/// dropped) and <c>_total</c> to counters, and turn attributes into labels the same way. The job label is the service
/// name (<c>OTEL_SERVICE_NAME</c>).
/// </summary>
public static class PrometheusMetrics
{
    /// <summary>
    /// The prefix of the app's own instruments (<c>agentapp.</c>) as Prometheus spells it. The instruments are named after
    /// the solution, which may contain dots (<c>Contoso.Agents</c> → <c>contoso.agents.tasks.failed</c>); the exporters
    /// turn every character a Prometheus name cannot hold into '_' (<c>contoso_agents_tasks_failed_total</c>), and so
    /// must every name written here, or a rule would not even parse.
    /// </summary>
    public static readonly string Prefix = NameOf("agentapp");

    /// <summary>An OpenTelemetry name in Prometheus' alphabet: letters, digits and '_'; anything else becomes '_'.</summary>
    public static string NameOf(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_'));

    /// <summary>ASP.NET Core's <c>http.server.request.duration</c> histogram (s).</summary>
    public const string HttpServerDuration = "http_server_request_duration_seconds";

    /// <summary><c>agentapp.edge.decisions</c>: the gateway's decision per routed request (labels outcome, reason).</summary>
    public static readonly string EdgeDecisions = $"{Prefix}_edge_decisions_total";

    /// <summary><c>agentapp.gateway.redis.available</c> gauge: 1 while the gateway's rate-limit store answers, else 0.</summary>
    public static readonly string GatewayRedisAvailable = $"{Prefix}_gateway_redis_available";

    /// <summary><c>agentapp.tasks.started</c>.</summary>
    public static readonly string TasksStarted = $"{Prefix}_tasks_started_total";

    /// <summary><c>agentapp.tasks.succeeded</c>.</summary>
    public static readonly string TasksSucceeded = $"{Prefix}_tasks_succeeded_total";

    /// <summary><c>agentapp.tasks.failed</c>.</summary>
    public static readonly string TasksFailed = $"{Prefix}_tasks_failed_total";

    /// <summary><c>agentapp.tasks.retried</c>.</summary>
    public static readonly string TasksRetried = $"{Prefix}_tasks_retried_total";

    /// <summary><c>agentapp.tasks.dead_lettered</c>.</summary>
    public static readonly string TasksDeadLettered = $"{Prefix}_tasks_dead_lettered_total";

    /// <summary><c>agentapp.tasks.handed_back</c>.</summary>
    public static readonly string TasksHandedBack = $"{Prefix}_tasks_handed_back_total";

    /// <summary><c>agentapp.task.duration</c> histogram (s).</summary>
    public static readonly string TaskDuration = $"{Prefix}_task_duration_seconds";

    /// <summary><c>agentapp.tasks.consumer.lag</c> gauge (labels messaging_consumer_group_name, messaging_destination_name, partition).</summary>
    public static readonly string ConsumerLag = $"{Prefix}_tasks_consumer_lag";

    /// <summary><c>agentapp.tasks.purged</c>: finished tasks and workflow instances removed by retention (label kind).</summary>
    public static readonly string TasksPurged = $"{Prefix}_tasks_purged_total";

    /// <summary><c>agentapp.tool.calls</c> (labels gen_ai_tool_name, outcome).</summary>
    public static readonly string ToolCalls = $"{Prefix}_tool_calls_total";

    /// <summary><c>agentapp.guardrail.decisions</c> (labels rule, outcome).</summary>
    public static readonly string GuardrailDecisions = $"{Prefix}_guardrail_decisions_total";

    /// <summary><c>agentapp.cost.unpriced_calls</c>.</summary>
    public static readonly string UnpricedCalls = $"{Prefix}_cost_unpriced_calls_total";

    /// <summary>MEAI's <c>gen_ai.client.token.usage</c> histogram (labels gen_ai_token_type, gen_ai_request_model, gen_ai_response_model).</summary>
    public const string TokenUsage = "gen_ai_client_token_usage";

    /// <summary>MEAI's <c>gen_ai.client.operation.duration</c> histogram (s).</summary>
    public const string ModelCallDuration = "gen_ai_client_operation_duration_seconds";

    /// <summary>The job label the PodMonitor gives every daprd sidecar's metrics endpoint.</summary>
    public const string DaprSidecarJob = "dapr-sidecars";

    /// <summary><c>agentapp.cost</c>, whose unit is the pricing currency (labels gen_ai_response_model, tenant).</summary>
    public static string Cost(string currency) => $"{Prefix}_cost_{currency}_total";
}
