using System.Text.Json.Nodes;
using AgentApp.Deploy;
using AgentApp.Deploy.Output;
using AgentApp.Tests.Deploy.Support;
using AgentApp.Tests.Deploy.Support.Schemas;

namespace AgentApp.Tests.Deploy;

/// <summary>
/// Both overlays, rendered by kustomize for solution names <c>dotnet new agentapp -n</c> accepts and for every option
/// set (KEDA and Strimzi included), validate against Kubernetes 1.36's OpenAPI definitions, Dapr's, Strimzi's and KEDA's
/// CRDs with unknown fields rejected, and
/// against the API server's name rules.
/// </summary>
public sealed class SchemaValidationTests : IDisposable
{
    private readonly TempDirectory _output = new();

    /// <summary>Solution names as the template turns them into project names (its safe_namespace form).</summary>
    public static TheoryData<string> SolutionNames { get; } = new()
    {
        "contoso_agents",
        "Contoso.Agents",
        "My_Agents",
        "Northwind.Traders.Customer.Support.Agents.With.A.Rather.Long.Name.For.Testing",
    };

    [KubectlTheory]
    [MemberData(nameof(SolutionNames))]
    public async Task Every_rendered_document_validates_strictly_for_every_option_set(string solutionName)
    {
        var manifest = Samples.ManifestForSolution(solutionName);
        foreach (var (label, options) in OptionSets)
        {
            OutputDirectory.Write(_output.Path, Samples.Generate(manifest, options).Files);
            foreach (var overlay in new[] { "development", "production" })
            {
                var rendered = await Kubectl.KustomizeAsync(Path.Combine(_output.Path, "overlays", overlay));
                var errors = YamlJson.Documents(rendered)
                    .SelectMany(d => StrictSchemas.Errors(d).Concat(NameRules.Errors(d))
                        .Select(e => $"{d["kind"]} {d["metadata"]?["name"]}: {e}"))
                    .ToList();
                Assert.True(errors.Count == 0, $"{solutionName}, {label}, {overlay}:\n  " + string.Join("\n  ", errors));
            }
        }
    }

    [Fact]
    public void The_validator_rejects_unknown_fields_wrong_types_missing_required_fields_and_bad_names_in_every_kind_it_covers()
    {
        var valid = Deployment();
        Assert.Empty(StrictSchemas.Errors(valid));
        Assert.Empty(NameRules.Errors(valid));

        var unknownField = Deployment();
        unknownField["spec"]!["replicaz"] = 2;
        Assert.Contains(StrictSchemas.Errors(unknownField), e => e.Contains("replicaz", StringComparison.Ordinal) || e.Contains("additionalProperties", StringComparison.Ordinal));

        var wrongType = Deployment();
        wrongType["spec"]!["replicas"] = "two";
        Assert.NotEmpty(StrictSchemas.Errors(wrongType));

        var missingRequired = Deployment();
        missingRequired["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject().Remove("name");
        Assert.NotEmpty(StrictSchemas.Errors(missingRequired));

        var badName = Deployment();
        badName["metadata"]!["name"] = "contoso_agents-api";
        Assert.NotEmpty(NameRules.Errors(badName));

        var component = YamlJson.Documents("""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: { name: statestore }
            spec: { type: state.redis, version: v1, metadata: [ { name: redisHost, value: "redis:6379" } ], typo: 1 }
            """).Single();
        Assert.NotEmpty(StrictSchemas.Errors(component));

        var topic = YamlJson.Documents("""
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata: { name: agent-tasks, labels: { strimzi.io/cluster: events } }
            spec: { partitions: 6, replicas: 3 }
            """).Single();
        Assert.Empty(StrictSchemas.Errors(topic));
        topic["spec"]!["partitions"] = 0;
        Assert.NotEmpty(StrictSchemas.Errors(topic));
        topic["spec"]!["partitions"] = 6;
        topic["spec"]!["partitionz"] = 6;
        Assert.NotEmpty(StrictSchemas.Errors(topic));

        var scaled = YamlJson.Documents("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: { name: worker }
            spec:
              scaleTargetRef: { name: worker }
              maxReplicaCount: 6
              triggers: [ { type: kafka, metadata: { topic: agent-tasks, consumerGroup: agent-workers } } ]
            """).Single();
        Assert.Empty(StrictSchemas.Errors(scaled));
        scaled["spec"]!.AsObject().Remove("triggers");
        Assert.NotEmpty(StrictSchemas.Errors(scaled));
        scaled["spec"]!["triggers"] = new JsonArray(new JsonObject { ["type"] = "kafka", ["metadata"] = new JsonObject(), ["authRef"] = "x" });
        Assert.NotEmpty(StrictSchemas.Errors(scaled));

        var unknownKind = JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}""")!;
        Assert.NotEmpty(StrictSchemas.Errors(unknownKind));
    }

    [Fact]
    public void Quoted_and_plain_YAML_scalars_keep_their_types()
    {
        var document = YamlJson.Documents("a: 1\nb: \"1\"\nc: true\nd: 'true'\ne: 25%\n").Single();

        Assert.Equal(1L, document["a"]!.GetValue<long>());
        Assert.Equal("1", document["b"]!.GetValue<string>());
        Assert.True(document["c"]!.GetValue<bool>());
        Assert.Equal("true", document["d"]!.GetValue<string>());
        Assert.Equal("25%", document["e"]!.GetValue<string>());
    }

    public void Dispose() => _output.Dispose();

    private static IEnumerable<(string Label, GeneratorOptions Options)> OptionSets =>
    [
        ("defaults", new GeneratorOptions { Registry = "ghcr.io/contoso" }),
        ("infrastructure, registry, tag, namespace, host", DeployPaths.GoldenOptions),
        ("httproute", new GeneratorOptions { Registry = "ghcr.io/contoso", Ingress = IngressKind.HttpRoute, ParentGateway = "infra/public", Host = "agents.example.com" }),
        ("keda, strimzi", new GeneratorOptions { Registry = "ghcr.io/contoso", Tag = "2.0.1", ConsumerScaling = ConsumerScaling.Keda, KafkaTopics = TopicProvisioning.Strimzi, StrimziCluster = "events" }),
        ("keda, strimzi, infrastructure, namespace, redis TLS", new GeneratorOptions
        {
            Registry = "registry.example.com/agents", Tag = "3f9c2a1d", Namespace = "agents", WithInfrastructure = true, RedisTls = true,
            ConsumerScaling = ConsumerScaling.Keda, KafkaTopics = TopicProvisioning.Strimzi, StrimziCluster = "events", KedaLagThreshold = 5,
        }),
    ];

    private static JsonNode Deployment() => YamlJson.Documents("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: api, labels: { app.kubernetes.io/name: api } }
        spec:
          replicas: 2
          selector: { matchLabels: { app.kubernetes.io/name: api } }
          template:
            metadata: { labels: { app.kubernetes.io/name: api } }
            spec:
              containers:
              - name: api
                image: registry.example.com/api:1.0.0
                ports: [ { name: http, containerPort: 8080 } ]
                resources: { requests: { cpu: 250m, memory: 1 }, limits: { cpu: "1" } }
        """).Single();
}
