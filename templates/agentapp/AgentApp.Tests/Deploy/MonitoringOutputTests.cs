using System.Text.Json.Nodes;
using AgentApp.Deploy;
using AgentApp.Deploy.Monitoring;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>
/// <c>--monitoring prometheus-operator</c>: the rules load in Prometheus (promtool), every alert fires on a synthetic
/// series that breaks its objective and stays quiet on a healthy one (promtool test rules), thresholds come from the
/// settings, the collector configuration is valid (schema, see Schemas/README.md) and the output renders with kustomize.
/// </summary>
public sealed class MonitoringOutputTests
{
    // A listed tenant with a large budget and the default for everyone else: the cost alerts must tell them apart.
    private static readonly MonitoringOptions s_settings = new()
    {
        TenantDailyBudgets = new Dictionary<string, double> { ["acme"] = 1000 },
        DefaultTenantDailyBudget = 50,
    };

    private static readonly Lazy<KubernetesGenerator.Result> s_result = new(() =>
        Samples.Generate(DeployPaths.GoldenOptions with { Monitoring = s_settings }));

    private static IReadOnlyDictionary<string, string> Files => s_result.Value.Files.Files;

    private static IEnumerable<string> RuleFiles => Files.Keys.Where(p => p.StartsWith("monitoring/rules/", StringComparison.Ordinal));

    [PromtoolFact]
    public async Task Every_rendered_rule_file_passes_promtool_check_rules()
    {
        using var temp = new TempDirectory();
        var paths = WriteRuleGroups(temp.Path, keepAnnotations: true);

        var (exitCode, output) = await Promtool.RunAsync(["check", "rules", .. paths]);

        Assert.True(exitCode == 0, output);
        Assert.Equal(4, paths.Count);
    }

    [PromtoolFact]
    public async Task Every_alert_fires_on_a_synthetic_series_that_breaks_it_and_not_on_a_healthy_one()
    {
        using var temp = new TempDirectory();
        // promtool compares annotations too; they are templated text, so the fixtures check what decides firing
        // (expression, for, labels) on a copy without them.
        var rules = WriteRuleGroups(temp.Path, keepAnnotations: false);
        var alerts = RuleFiles.SelectMany(f => Groups(f)).SelectMany(g => g["rules"]!.AsArray())
            .Select(r => (string?)r!["alert"]).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(AlertFixtures.Names.Order(StringComparer.Ordinal), alerts);

        var testFile = Path.Combine(temp.Path, "alerts.test.yaml");
        File.WriteAllText(testFile, AlertFixtures.TestFile(rules.Select(Path.GetFileName)!));
        var (exitCode, output) = await Promtool.RunAsync("test", "rules", testFile);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_come_from_the_settings()
    {
        var strict = new MonitoringOptions
        {
            AvailabilityObjective = 0.999, LatencyThresholdSeconds = 2.5, ConsumerLagThreshold = 42, TaskFailureRatio = 0.2,
            DeadLettersPerMinute = 3, Currency = "EUR", TenantDailyBudgets = new Dictionary<string, double> { ["contoso"] = 7 },
            DefaultTenantDailyBudget = null,
        };
        var files = Samples.Generate(new GeneratorOptions { Monitoring = strict }).Files.Files;
        var rules = string.Concat(files.Where(f => f.Key.StartsWith("monitoring/rules/", StringComparison.Ordinal)).Select(f => f.Value));

        Assert.Contains("(14.4 * 0.001)", rules, StringComparison.Ordinal);
        Assert.Contains("le=\"2.5\"", rules, StringComparison.Ordinal);
        Assert.Contains(") > 42", rules, StringComparison.Ordinal);
        Assert.Contains(") > 0.2", rules, StringComparison.Ordinal);
        Assert.Contains("* 60 > 3", rules, StringComparison.Ordinal);
        Assert.Contains(PrometheusMetrics.Cost("EUR"), rules, StringComparison.Ordinal);
        Assert.Contains("tenant: contoso", rules, StringComparison.Ordinal);
        Assert.Contains("vector(7)", rules, StringComparison.Ordinal);
        Assert.DoesNotContain($"0 * {PrometheusMetrics.Prefix}:tenant_cost", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_no_alert_could_use_are_refused_with_the_field_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MonitoringOptions { LatencyThresholdSeconds = 3 }.Validated());
        Assert.Contains("latencyThresholdSeconds", error.Message, StringComparison.Ordinal);

        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "monitoring.json");
        File.WriteAllText(path, """{ "availabilityObjective": 0.999, "tenantBudgetz": {} }""");
        error = Assert.Throws<InvalidOperationException>(() => MonitoringOptions.Load(path));
        Assert.Contains("tenantBudgetz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_use_the_metric_names_the_app_emits()
    {
        // The instrument names in the code, translated as the collector's Prometheus exporters do.
        Assert.Equal(PrometheusMetrics.TasksFailed, Translate("agentapp.tasks.failed", "{task}", counter: true));
        Assert.Equal(PrometheusMetrics.TasksDeadLettered, Translate("agentapp.tasks.dead_lettered", "{message}", counter: true));
        Assert.Equal(PrometheusMetrics.ConsumerLag, Translate("agentapp.tasks.consumer.lag", "{message}", counter: false));
        Assert.Equal(PrometheusMetrics.Cost("USD"), Translate(AgentApp.Agent.Telemetry.AgentMetrics.CostName, "USD", counter: true));
        Assert.Equal(PrometheusMetrics.EdgeDecisions, Translate(AgentApp.Gateway.Audit.EdgeAuditMiddleware.DecisionsName, "{request}", counter: true));
        Assert.Equal(PrometheusMetrics.GuardrailDecisions, Translate(AgentApp.Agent.Guardrails.GuardrailDecisions.CounterName, "{decision}", counter: true));

        Assert.Equal(PrometheusMetrics.GatewayRedisAvailable, Translate(AgentApp.Gateway.RedisStore.RateLimitStoreAvailability.GaugeName, "{state}", counter: false));
        // A solution called Contoso.Agents names its instruments contoso.agents.*: Prometheus stores contoso_agents_*.
        Assert.Equal("contoso_agents_tasks_failed_total", Translate("contoso.agents.tasks.failed", "{task}", counter: true));
        Assert.Equal("contoso_agents", PrometheusMetrics.NameOf("contoso.agents"));
        Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", PrometheusMetrics.Prefix);

        var rules = string.Concat(RuleFiles.Select(f => Files[f]));
        foreach (var name in new[] { PrometheusMetrics.TasksFailed, PrometheusMetrics.TasksSucceeded, PrometheusMetrics.TasksDeadLettered,
                     PrometheusMetrics.ConsumerLag, PrometheusMetrics.Cost("USD"), PrometheusMetrics.HttpServerDuration + "_bucket" })
        {
            Assert.Contains(name, rules, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_collector_configuration_is_valid_for_each_choice_of_back_ends()
    {
        foreach (var (metrics, traces, logs) in new[]
                 {
                     (MetricsBackend.Prometheus, TracesBackend.Tempo, LogsBackend.Loki),
                     (MetricsBackend.RemoteWrite, TracesBackend.Jaeger, LogsBackend.None),
                     (MetricsBackend.None, TracesBackend.None, LogsBackend.None),
                 })
        {
            var options = s_settings with { Metrics = metrics, Traces = traces, Logs = logs };
            var config = YamlJson.Parse(Samples.Generate(new GeneratorOptions { Monitoring = options }).Files.Files["monitoring/otel-collector/config.yaml"])!;

            Assert.Empty(SchemaFiles.Errors(SchemaFiles.OtelCollectorConfig, config));
            AssertPipelinesReferenceDefinedComponents(config);
            var exporters = config["exporters"]!.AsObject().Select(e => e.Key).ToList();
            Assert.Equal(metrics == MetricsBackend.Prometheus, exporters.Contains("prometheus"));
            Assert.Equal(metrics == MetricsBackend.RemoteWrite, exporters.Contains("prometheusremotewrite"));
            Assert.Equal(traces == TracesBackend.Tempo, exporters.Contains("otlp/tempo"));
            Assert.Equal(traces == TracesBackend.Jaeger, exporters.Contains("otlp/jaeger"));
            Assert.Equal(logs == LogsBackend.Loki, exporters.Contains("otlphttp/loki"));
        }
    }

    [Fact]
    public void Tail_sampling_keeps_errors_and_slow_traces()
    {
        var config = YamlJson.Parse(Files["monitoring/otel-collector/config.yaml"])!;
        var policies = config["processors"]!["tail_sampling"]!["policies"]!.AsArray();

        Assert.Contains(policies, p => (string?)p!["type"] == "status_code" && p["status_code"]!["status_codes"]!.AsArray().Any(c => (string?)c == "ERROR"));
        Assert.Contains(policies, p => (string?)p!["type"] == "latency" && (long?)p["latency"]!["threshold_ms"] == s_settings.SlowTraceMilliseconds);
        var traces = config["service"]!["pipelines"]!["traces"]!["processors"]!.AsArray().Select(p => (string?)p).ToList();
        Assert.True(traces.IndexOf("tail_sampling") < traces.IndexOf("batch"), "tail sampling sees whole traces before batching");
    }

    [Fact]
    public void The_collector_schema_refuses_what_the_collector_refuses()
    {
        var config = YamlJson.Parse(Files["monitoring/otel-collector/config.yaml"])!.AsObject();
        config["processors"]!["tail_sampling"]!["policies"]!.AsArray().Add(new JsonObject { ["name"] = "x", ["type"] = "latency" });
        config["exporters"]!["otlp/tempo"]!["endpont"] = "tempo:4317";

        var errors = SchemaFiles.Errors(SchemaFiles.OtelCollectorConfig, config);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Dashboards_cover_the_edge_agents_tasks_and_Dapr_for_the_Grafana_sidecar()
    {
        var dashboards = Files.Where(f => f.Key.StartsWith("monitoring/dashboards/", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f.Key), f => JsonNode.Parse(f.Value)!);

        Assert.Equal(["agents", "dapr", "edge", "tasks"], dashboards.Keys.Order(StringComparer.Ordinal));
        string Exprs(string d) => string.Join("\n", dashboards[d]["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string?)t!["expr"]));
        Assert.Contains("outcome=~\"rate_limited|quota_exceeded\"", Exprs("edge"), StringComparison.Ordinal);
        Assert.Contains("outcome, reason", Exprs("edge"), StringComparison.Ordinal);
        Assert.Contains(PrometheusMetrics.TokenUsage, Exprs("agents"), StringComparison.Ordinal);
        Assert.Contains($"sum by (tenant) (rate({PrometheusMetrics.Cost("USD")}", Exprs("agents"), StringComparison.Ordinal);
        Assert.Contains(PrometheusMetrics.ToolCalls, Exprs("agents"), StringComparison.Ordinal);
        Assert.Contains(PrometheusMetrics.GuardrailDecisions, Exprs("agents"), StringComparison.Ordinal);
        Assert.Contains(PrometheusMetrics.ConsumerLag, Exprs("tasks"), StringComparison.Ordinal);
        Assert.Contains(PrometheusMetrics.TasksDeadLettered, Exprs("tasks"), StringComparison.Ordinal);
        Assert.Contains("up{job=\"dapr-sidecars\"}", Exprs("dapr"), StringComparison.Ordinal);
        var kustomization = YamlJson.Parse(Files["monitoring/kustomization.yaml"])!;
        var generator = kustomization["configMapGenerator"]!.AsArray().Single(g => ((string?)g!["name"])!.EndsWith("-dashboards", StringComparison.Ordinal))!;
        Assert.Equal("1", (string?)generator["options"]!["labels"]!["grafana_dashboard"]);
    }

    [KubectlFact]
    public async Task The_monitoring_output_renders_with_kustomize_and_wires_the_collector_and_the_monitors()
    {
        using var temp = new TempDirectory();
        AgentApp.Deploy.Output.OutputDirectory.Write(temp.Path, s_result.Value.Files);

        var rendered = YamlJson.Documents(await Kubectl.KustomizeAsync(Path.Combine(temp.Path, "monitoring"))).Select(d => d!).ToList();

        var kinds = rendered.Select(d => $"{(string?)d["kind"]}/{(string?)d["metadata"]!["name"]}").ToList();
        Assert.Contains("PodMonitor/dapr-sidecars", kinds);
        Assert.Contains("ServiceMonitor/otel-collector", kinds);
        Assert.Equal(4, kinds.Count(k => k.StartsWith("PrometheusRule/", StringComparison.Ordinal)));
        Assert.All(rendered, d => Assert.Equal("agents", (string?)d["metadata"]!["namespace"]));
        var deployment = rendered.Single(d => (string?)d["kind"] == "Deployment");
        var configMap = rendered.Single(d => (string?)d["kind"] == "ConfigMap" && ((string?)d["metadata"]!["name"])!.StartsWith("otel-collector-config-", StringComparison.Ordinal));
        Assert.Equal((string?)configMap["metadata"]!["name"], (string?)deployment["spec"]!["template"]!["spec"]!["volumes"]![0]!["configMap"]!["name"]);
        // The services are told to send OTLP to the collector's Service.
        Assert.Contains($"{CollectorConfig.Name}:{CollectorConfig.OtlpGrpcPort}", DeployPaths.GoldenOptions.OtlpEndpoint, StringComparison.Ordinal);
        Assert.All(rendered.Where(d => ((string?)d["kind"])!.EndsWith("Monitor", StringComparison.Ordinal) || (string?)d["kind"] == "PrometheusRule"),
            d => Assert.Equal("kube-prometheus-stack", (string?)d["metadata"]!["labels"]!["release"]));
    }

    [KubectlFact]
    public async Task The_collectors_Kubernetes_objects_are_strictly_valid_and_follow_the_deployment_rules()
    {
        using var temp = new TempDirectory();
        AgentApp.Deploy.Output.OutputDirectory.Write(temp.Path, s_result.Value.Files);
        var rendered = await Kubectl.KustomizeAsync(Path.Combine(temp.Path, "monitoring"));
        // The Prometheus Operator's kinds have no model here (their YAML is checked by promtool and the tests above).
        var core = string.Join("\n---\n", rendered.Split("\n---\n").Where(d => !d.Contains("apiVersion: monitoring.coreos.com/", StringComparison.Ordinal)));

        var set = DocumentSet.FromRendered("monitoring", core);

        // The app's deployment rules that fit a third-party image (its health endpoint is not /health and /alive).
        var collector = Assert.Single(set.Deployments);
        var pod = collector.Spec.Template;
        var container = Assert.Single(pod.Spec.Containers);
        Assert.All(new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe }, p => Assert.Equal("health", p?.HttpGet?.Port?.Value));
        Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"));
        Assert.True(container.Resources.Limits.ContainsKey("cpu") && container.Resources.Limits.ContainsKey("memory"));
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
        Assert.Equal((true, false), (container.SecurityContext.ReadOnlyRootFilesystem == true, container.SecurityContext.AllowPrivilegeEscalation == true));
        Assert.Equal(new[] { "ALL" }, container.SecurityContext.Capabilities.Drop);
        Assert.False(pod.Spec.AutomountServiceAccountToken);
        Assert.Contains(pod.Spec.Volumes, v => v.Name == "tmp" && v.EmptyDir is not null);
        var service = Assert.Single(set.Services);
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, pod.Metadata.Labels[l.Key]));
        Assert.All(service.Spec.Ports, p => Assert.Contains(container.Ports, c => c.Name == p.TargetPort.Value));
        var policy = Assert.Single(set.All<k8s.Models.V1NetworkPolicy>(), n => n.Metadata.Name == CollectorConfig.Name);
        Assert.All(policy.Spec.PodSelector.MatchLabels, l => Assert.Equal(l.Value, pod.Metadata.Labels[l.Key]));
        Assert.Contains(policy.Spec.Ingress, rule => rule.Ports.Any(p => p.Port.Value == CollectorConfig.OtlpGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_command_line_takes_the_settings_file_and_the_back_ends()
    {
        using var temp = new TempDirectory();
        var settings = Path.Combine(temp.Path, "monitoring.json");
        await File.WriteAllTextAsync(settings, """{ "consumerLagThreshold": 77, "tenantDailyBudgets": { "acme": 12.5 } } // comments are fine""");
        var output = Path.Combine(temp.Path, "k8s");

        var (exitCode, stderr) = await RunCliAsync("k8s", "-o", output, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso",
            "--monitoring", "prometheus-operator", "--monitoring-settings", settings, "--collector-traces", "Jaeger", "--collector-logs", "None");

        Assert.True(exitCode == 0, stderr);
        var tasks = await File.ReadAllTextAsync(Path.Combine(output, "monitoring", "rules", "agentapp-tasks.yaml"));
        var cost = await File.ReadAllTextAsync(Path.Combine(output, "monitoring", "rules", "agentapp-cost.yaml"));
        var collector = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(output, "monitoring", "otel-collector", "config.yaml")))!;
        Assert.Contains(") > 77", tasks, StringComparison.Ordinal);
        Assert.Contains("vector(12.5)", cost, StringComparison.Ordinal);
        Assert.Equal(["otlp/jaeger", "prometheus"], collector["exporters"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bad_settings_file_is_an_error_naming_the_field_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        var settings = Path.Combine(temp.Path, "monitoring.json");
        await File.WriteAllTextAsync(settings, """{ "availabilityObjective": 99.5 }""");
        var output = Path.Combine(temp.Path, "k8s");

        var (exitCode, stderr) = await RunCliAsync("k8s", "-o", output, "-m", DeployPaths.SampleManifest, "--registry", "ghcr.io/contoso",
            "--monitoring", "prometheus-operator", "--monitoring-settings", settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("availabilityObjective must be between 0 and 1", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Without_the_option_there_is_no_monitoring_output()
    {
        Assert.DoesNotContain(Samples.Generate(DeployPaths.GoldenOptions).Files.Paths, p => p.StartsWith("monitoring/", StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Stderr)> RunCliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await AgentApp.Deploy.Cli.DeployCli.Create().Parse(args)
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        return (exitCode, stderr.ToString());
    }

    private static IEnumerable<JsonObject> Groups(string file) =>
        YamlJson.Parse(Files[file])!["spec"]!["groups"]!.AsArray().Select(g => g!.AsObject());

    // Each PrometheusRule's spec is a Prometheus rule file.
    private static List<string> WriteRuleGroups(string directory, bool keepAnnotations)
    {
        var paths = new List<string>();
        foreach (var file in RuleFiles)
        {
            var groups = new JsonArray([.. Groups(file).Select(g => (JsonNode)g.DeepClone())]);
            if (!keepAnnotations)
            {
                foreach (var rule in groups.SelectMany(g => g!["rules"]!.AsArray()))
                {
                    rule!.AsObject().Remove("annotations");
                }
            }

            var path = Path.Combine(directory, Path.GetFileName(file));
            File.WriteAllText(path, new JsonObject { ["groups"] = groups }.ToJsonString());   // JSON is YAML
            paths.Add(path);
        }

        return paths;
    }

    private static void AssertPipelinesReferenceDefinedComponents(JsonNode config)
    {
        foreach (var (name, pipeline) in config["service"]!["pipelines"]!.AsObject())
        {
            foreach (var kind in new[] { "receivers", "processors", "exporters" })
            {
                foreach (var component in pipeline![kind]?.AsArray() ?? [])
                {
                    Assert.True(config[kind]?.AsObject().ContainsKey((string)component!) == true, $"pipeline {name} names undefined {kind} '{component}'");
                }
            }
        }

        foreach (var extension in config["service"]!["extensions"]?.AsArray() ?? [])
        {
            Assert.True(config["extensions"]?.AsObject().ContainsKey((string)extension!) == true, $"undefined extension '{extension}'");
        }
    }

    // The translation of the collector's Prometheus exporters for the names and units the app uses.
    private static string Translate(string instrument, string unit, bool counter)
    {
        var name = instrument.Replace('.', '_');
        if (!unit.StartsWith('{'))
        {
            name += "_" + (unit == "s" ? "seconds" : unit);
        }

        return counter ? name + "_total" : name;
    }
}
