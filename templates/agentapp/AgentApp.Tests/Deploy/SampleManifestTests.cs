using AgentApp.Deploy;
using k8s.Models;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>What the generator makes of the sample manifest: strict documents, the deployment rules, and the wiring.</summary>
public sealed class SampleManifestTests
{
    public static TheoryData<string> Variants => ["default", "golden", "httproute"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_document_deserialises_strictly_and_passes_the_rules(string variant)
    {
        var result = Samples.Generate(Options(variant));

        var documents = DocumentSet.FromFiles(result.Files);

        Assert.All(result.Files.Paths.Where(p => p != "README.md"), p => Assert.EndsWith(".yaml", p));
        DeployRules.AssertAll(documents.Under("base/", "components/"), secretsIncluded: true);
    }

    [Fact]
    public void Services_reach_each_other_by_Service_name_over_plain_http()
    {
        var set = Samples.Unrendered(Samples.Generate());

        Assert.Equal("http://actors:8080", set.ConfigMap("api-env").Data["services__actors__http__0"]);
        Assert.Equal("http://api:8080", set.ConfigMap("gateway-env").Data["services__api__http__0"]);
        Assert.Equal("8080", set.ConfigMap("api-env").Data["HTTP_PORTS"]);
        Assert.DoesNotContain(set.ConfigMaps.SelectMany(c => c.Data.Keys), k => k.Contains("https", StringComparison.OrdinalIgnoreCase));
        Assert.All(set.Services, s => Assert.Equal(["http"], s.Spec.Ports.Select(p => p.Name)));
    }

    [Fact]
    public void Connection_strings_and_secret_parameters_come_from_Secrets()
    {
        var set = Samples.Unrendered(Samples.Generate());

        AssertSecretRef(set.Deployment("actors"), "ConnectionStrings__cache", "cache-connection", "connectionString");
        AssertSecretRef(set.Deployment("actors"), "CACHE_PASSWORD", "cache-connection", "password");
        AssertSecretRef(set.Deployment("worker"), "ConnectionStrings__kafka", "kafka-connection", "connectionString");
        AssertSecretRef(set.Deployment("api"), "Chat__ApiKey", "chat-api-key", "value");
        Assert.Equal("cache:6379,password=REPLACE_ME_CACHE_PASSWORD", set.Secret("cache-connection").StringData["connectionString"]);
        Assert.Equal("kafka:9092", set.Secret("kafka-connection").StringData["connectionString"]);
        Assert.Equal("gpt-4o-mini", set.ConfigMap("api-env").Data["Chat__Model"]);
        Assert.DoesNotContain(set.ConfigMaps.SelectMany(c => c.Data.Keys), DeployRules.LooksSecret);
    }

    [Fact]
    public void A_secret_parameter_default_is_never_written_anywhere()
    {
        const string defaultValue = "s3cret-default-0f3c9";
        var manifest = Samples.ManifestJson();
        manifest["resources"]!["chat-api-key"]!["inputs"]!["value"]!["default"] = new System.Text.Json.Nodes.JsonObject { ["value"] = defaultValue };

        var result = Samples.Generate(manifest);

        Assert.DoesNotContain(result.Files.Files, f => f.Value.Contains(defaultValue, StringComparison.Ordinal));
        Assert.Equal("REPLACE_ME_CHAT_API_KEY", Samples.Unrendered(result).Secret("chat-api-key").StringData["value"]);
    }

    [Fact]
    public void Only_the_development_overlay_carries_the_placeholder_Secrets()
    {
        var set = DocumentSet.FromFiles(Samples.Generate(DeployPaths.GoldenOptions).Files);
        var overlays = set.All<AgentApp.Deploy.Kustomize.Kustomization>().Where(k => k.Resources?.Contains("../../base") == true).ToList();

        Assert.Empty(set.Under("base/").Secrets);
        Assert.Equal(3, set.Under("components/secrets/").Secrets.Count);
        Assert.Contains(overlays, k => k.Components?.Contains("../../components/secrets") == true);
        Assert.Single(overlays, k => k.Components is null);
    }

    [Fact]
    public void Stateless_services_autoscale_and_actor_hosts_keep_a_fixed_count()
    {
        var set = Samples.Unrendered(Samples.Generate());

        Assert.Equal(["api", "gateway", "worker"], set.All<V2HorizontalPodAutoscaler>().Select(h => h.Metadata.Name).Order());
        Assert.Equal(["actors", "api", "gateway", "worker"], set.All<V1PodDisruptionBudget>().Select(p => p.Metadata.Name).Order());
        Assert.Equal(1, set.Deployment("actors").Spec.Replicas);
        Assert.Null(set.Deployment("api").Spec.Replicas);
    }

    [Fact]
    public void Only_the_gateway_is_exposed_and_only_callers_reach_the_others()
    {
        var set = Samples.Unrendered(Samples.Generate());
        var policies = set.All<V1NetworkPolicy>().ToDictionary(p => p.Metadata.Name);

        Assert.Equal(["gateway"], set.Ingresses.Select(i => i.Metadata.Name));
        Assert.Contains(policies["gateway"].Spec.Ingress, r => r.FromProperty is null && r.Ports.Single().Port.Value == "8080");
        Assert.Equal(["gateway"], CallersOnHttp(policies["api"]));
        Assert.Equal(["api", "worker"], CallersOnHttp(policies["actors"]));
        Assert.Empty(CallersOnHttp(policies["worker"]));
        Assert.Contains(policies["worker"].Spec.Ingress, r => r.Ports.Single().Port.Value == "50002");
    }

    [Fact]
    public void Dapr_sidecars_get_app_port_config_and_concrete_components()
    {
        var set = Samples.Unrendered(Samples.Generate());

        foreach (var name in new[] { "actors", "api", "worker" })
        {
            var annotations = set.Deployment(name).Spec.Template.Metadata.Annotations;
            Assert.Equal("true", annotations["dapr.io/enabled"]);
            Assert.Equal(name, annotations["dapr.io/app-id"]);
            Assert.Equal("8080", annotations["dapr.io/app-port"]);
            Assert.Equal(Samples.KubernetesAppName + "-dapr", annotations["dapr.io/config"]);
        }

        Assert.Null(set.Deployment("gateway").Spec.Template.Metadata.Annotations);
        var store = set.Component("statestore");
        Assert.Equal("state.redis", store.Spec.Type);
        Assert.Equal("true", store.Spec.Metadata.Single(m => m.Name == "actorStateStore").Value);
        Assert.Equal(("cache-connection", "password"), (store.Spec.Metadata.Single(m => m.Name == "redisPassword").SecretKeyRef!.Name, store.Spec.Metadata.Single(m => m.Name == "redisPassword").SecretKeyRef!.Key));
        Assert.Equal(["actors", "api", "worker"], store.Scopes);
        var pubsub = set.Component("pubsub");
        Assert.Equal("pubsub.kafka", pubsub.Spec.Type);
        Assert.Equal("none", pubsub.Spec.Metadata.Single(m => m.Name == "authType").Value);
        Assert.Equal(["api", "worker"], pubsub.Scopes);
        Assert.Equal("otel-collector:4317", set.Configurations.Single().Spec.Tracing.Otel.EndpointAddress);
    }

    [Fact]
    public void Images_come_from_the_registry_and_tag_and_match_the_project_names()
    {
        var files = Samples.Generate(DeployPaths.GoldenOptions).Files;
        var kustomization = DocumentSet.FromFiles(files).Documents.Single(d => d.Source == "base/kustomization.yaml").Object as AgentApp.Deploy.Kustomize.Kustomization;
        var set = Samples.Unrendered(Samples.Generate(DeployPaths.GoldenOptions));

        Assert.Equal(["agentapp.actors", "agentapp.api", "agentapp.gateway", "agentapp.worker"], kustomization!.Images!.Select(i => i.Name));
        Assert.All(kustomization.Images!, i => Assert.Equal(("registry.example.com/agents/" + i.Name, "1.2.3"), (i.NewName, i.NewTag)));
        Assert.Equal(kustomization.Images!.Select(i => i.Name), set.Deployments.Select(d => d.Spec.Template.Spec.Containers.Single().Image).Order());
    }

    [Fact]
    public void With_infrastructure_Redis_and_Kafka_run_as_StatefulSets_reading_the_same_Secrets()
    {
        var set = Samples.Unrendered(Samples.Generate(new GeneratorOptions { WithInfrastructure = true }));

        var redis = set.StatefulSets.Single(s => s.Metadata.Name == "cache");
        var kafka = set.StatefulSets.Single(s => s.Metadata.Name == "kafka");
        Assert.All([redis, kafka], s => Assert.Single(s.Spec.VolumeClaimTemplates));
        var password = redis.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "REDIS_PASSWORD");
        Assert.Equal(("cache-connection", "password"), (password.ValueFrom.SecretKeyRef.Name, password.ValueFrom.SecretKeyRef.Key));
        Assert.Contains("PLAINTEXT_HOST://kafka:9092", kafka.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "KAFKA_ADVERTISED_LISTENERS").Value, StringComparison.Ordinal);
        var policies = set.All<V1NetworkPolicy>().ToDictionary(p => p.Metadata.Name);
        Assert.Equal(["actors", "api", "gateway", "worker"], CallersOnHttp(policies["cache"]));
        Assert.Equal(["api", "kafka-topics", "worker"], CallersOnHttp(policies["kafka"]));
    }

    private static GeneratorOptions Options(string variant) => variant switch
    {
        "golden" => DeployPaths.GoldenOptions,
        "httproute" => new GeneratorOptions { Ingress = IngressKind.HttpRoute, Host = "agents.example.com", ParentGateway = "infra/public" },
        _ => new GeneratorOptions(),
    };

    private static List<string> CallersOnHttp(V1NetworkPolicy policy) =>
        [.. (policy.Spec.Ingress ?? []).Where(r => r.Ports.All(p => p.Port.Value is not ("50002" or "9090"))).SelectMany(r => r.FromProperty ?? [])
            .Select(f => f.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order()];

    private static void AssertSecretRef(V1Deployment deployment, string variable, string secret, string key)
    {
        var env = deployment.Spec.Template.Spec.Containers.Single().Env.SingleOrDefault(e => e.Name == variable)
            ?? throw new Xunit.Sdk.XunitException($"{deployment.Metadata.Name} has no env {variable}");
        Assert.Equal((secret, key), (env.ValueFrom?.SecretKeyRef?.Name, env.ValueFrom?.SecretKeyRef?.Key));
    }
}
