using System.CommandLine;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Output;

namespace AgentApp.Deploy.Cli;

/// <summary><c>k8s</c>: generates the kustomize tree from a manifest, or from the AppHost's freshly published one.</summary>
public static class K8sCommand
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Directory to write base/, components/ and overlays/ into.", Required = true };
        var manifest = new Option<string?>("--manifest", "-m") { Description = "An aspire-manifest.json; without it the AppHost next to this project publishes one." };
        var appHost = new Option<string?>("--apphost") { Description = "The AppHost project to publish the manifest from (default: found next to this tool)." };
        var registry = new Option<string?>("--registry") { Description = "Image registry and path prefix the cluster pulls from, e.g. ghcr.io/contoso (required)." };
        var tag = new Option<string>("--tag") { Description = $"Image tag (default: the solution's version, {Model.ImageTag.AppVersion}). A version or commit tag is pulled IfNotPresent, a moving one (latest, main) Always.", DefaultValueFactory = _ => Model.ImageTag.AppVersion };
        tag.Validators.Add(r => { if (Model.ImageTag.Problem(r.GetValueOrDefault<string>()) is { } problem) r.AddError($"--tag: {problem}"); });
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace for every object (adds a Namespace object)." };
        var withInfrastructure = new Option<bool>("--with-infrastructure") { Description = "Add in-cluster single-node Redis and Kafka to the development overlay." };
        var ingress = new Option<string>("--ingress") { Description = "How the gateway is exposed.", DefaultValueFactory = _ => "ingress" };
        ingress.AcceptOnlyFromAmong("ingress", "httproute");
        var host = new Option<string?>("--host") { Description = "Public host name of the gateway (adds TLS with the Secret <gateway>-tls)." };
        var parentGateway = new Option<string>("--parent-gateway") { Description = "Gateway API Gateway an HTTPRoute attaches to: name or namespace/name.", DefaultValueFactory = _ => "public-gateway" };
        var otlp = new Option<string>("--otlp-endpoint") { Description = "OTLP/gRPC collector (host:port) for services and Dapr tracing.", DefaultValueFactory = _ => "otel-collector:4317" };
        var sampling = new Option<double>("--trace-sampling") { Description = "Fraction of new traces sampled (parent-based), 0 to 1.", DefaultValueFactory = _ => 0.1 };
        sampling.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 1) r.AddError("--trace-sampling must be between 0 and 1."); });
        var ingressClass = new Option<string?>("--ingress-class") { Description = "IngressClass of the Ingress (default: the cluster's default class)." };
        var streamTimeout = new Option<int>("--stream-timeout-seconds") { Description = "How long the edge keeps an event stream open.", DefaultValueFactory = _ => 3600 };
        streamTimeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 60) r.AddError("--stream-timeout-seconds must be at least 60."); });
        var monitoringNamespace = new Option<string>("--monitoring-namespace") { Description = "Namespace allowed to scrape the Dapr sidecars' metrics.", DefaultValueFactory = _ => "monitoring" };
        var redisTls = new Option<bool>("--redis-tls") { Description = "Redis speaks TLS: Dapr's Redis components get enableTLS (put ssl=true in the connection Secret)." };
        var replication = new Option<int>("--kafka-replication-factor") { Description = "Replicas per partition of the topics the production overlay creates.", DefaultValueFactory = _ => 3 };
        replication.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--kafka-replication-factor must be at least 1."); });
        var kafkaTopics = new Option<string>("--kafka-topics") { Description = "How topics are created: a provisioning Job (any Kafka) or Strimzi KafkaTopic resources.", DefaultValueFactory = _ => "job" };
        kafkaTopics.AcceptOnlyFromAmong("job", "strimzi");
        var strimziCluster = new Option<string?>("--strimzi-cluster") { Description = "With --kafka-topics strimzi: the Strimzi Kafka cluster (the strimzi.io/cluster label of every KafkaTopic)." };
        var autoscaler = new Option<string>("--autoscaler") { Description = "What scales Kafka consumers: cpu (a HorizontalPodAutoscaler) or keda (a ScaledObject on consumer-group lag).", DefaultValueFactory = _ => "cpu" };
        autoscaler.AcceptOnlyFromAmong("cpu", "keda");
        var lagThreshold = new Option<int>("--keda-lag-threshold") { Description = "With --autoscaler keda: messages of lag one replica works off.", DefaultValueFactory = _ => 10 };
        lagThreshold.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--keda-lag-threshold must be at least 1."); });
        var kedaNamespace = new Option<string>("--keda-namespace") { Description = "With --autoscaler keda: KEDA's namespace, let through to the in-cluster development Kafka.", DefaultValueFactory = _ => "keda" };

        var command = new Command("k8s", "Generate Kubernetes YAML (kustomize base + development/production overlays) from the Aspire manifest.")
        {
            output, manifest, appHost, registry, tag, ns, withInfrastructure, ingress, host, parentGateway, otlp,
            sampling, ingressClass, streamTimeout, monitoringNamespace, redisTls, replication, kafkaTopics, strimziCluster,
            autoscaler, lagThreshold, kedaNamespace,
        };
        // The production overlay runs on a cluster that pulls images; a bare name would be looked up on Docker Hub.
        command.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValue(registry)))
            {
                r.AddError("--registry is required: the production overlay's images are pulled from a registry. Pass the registry and path prefix your CI pushes to, e.g. --registry ghcr.io/contoso.");
            }
        });
        command.Validators.Add(r =>
        {
            if (r.GetValue(kafkaTopics) == "strimzi" && string.IsNullOrWhiteSpace(r.GetValue(strimziCluster)))
            {
                r.AddError("--kafka-topics strimzi needs --strimzi-cluster: the name of the Strimzi Kafka cluster whose Topic Operator creates the topics.");
            }
        });
        var monitoring = new Monitoring.MonitoringCli().AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            Monitoring.MonitoringOptions? monitoringOptions;
            try
            {
                monitoringOptions = monitoring.Read(parse);
            }
            catch (InvalidOperationException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }

            var options = new GeneratorOptions
            {
                Registry = parse.GetValue(registry),
                Tag = parse.GetValue(tag)!,
                Namespace = parse.GetValue(ns),
                WithInfrastructure = parse.GetValue(withInfrastructure),
                Ingress = parse.GetValue(ingress) == "httproute" ? IngressKind.HttpRoute : IngressKind.Ingress,
                Host = parse.GetValue(host),
                ParentGateway = parse.GetValue(parentGateway)!,
                OtlpEndpoint = parse.GetValue(otlp)!,
                TraceSamplingRatio = parse.GetValue(sampling),
                IngressClass = parse.GetValue(ingressClass),
                StreamTimeout = TimeSpan.FromSeconds(parse.GetValue(streamTimeout)),
                MonitoringNamespace = parse.GetValue(monitoringNamespace)!,
                RedisTls = parse.GetValue(redisTls),
                KafkaReplicationFactor = parse.GetValue(replication),
                KafkaTopics = parse.GetValue(kafkaTopics) == "strimzi" ? TopicProvisioning.Strimzi : TopicProvisioning.Job,
                StrimziCluster = parse.GetValue(strimziCluster),
                ConsumerScaling = parse.GetValue(autoscaler) == "keda" ? ConsumerScaling.Keda : ConsumerScaling.Cpu,
                KedaLagThreshold = parse.GetValue(lagThreshold),
                KedaNamespace = parse.GetValue(kedaNamespace)!,
                Monitoring = monitoringOptions,
            };
            var stdout = parse.InvocationConfiguration.Output;
            try
            {
                var loaded = await LoadManifestAsync(parse.GetValue(manifest), parse.GetValue(appHost), stderr, cancellationToken);
                var result = KubernetesGenerator.Generate(loaded, options);
                var directory = Path.GetFullPath(parse.GetValue(output)!);
                OutputDirectory.Write(directory, result.Files);
                foreach (var warning in result.Warnings)
                {
                    await stderr.WriteLineAsync($"warning: {warning}");
                }

                await stdout.WriteLineAsync($"Wrote {result.Files.Files.Count} files to {directory}");
                return 0;
            }
            catch (Exception ex) when (ex is ManifestException or InvalidOperationException or IOException)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<AspireManifest> LoadManifestAsync(string? manifestPath, string? appHostProject, TextWriter log, CancellationToken cancellationToken)
    {
        if (manifestPath is not null)
        {
            return File.Exists(manifestPath)
                ? AspireManifest.Load(manifestPath)
                : throw new ManifestException($"No manifest at {Path.GetFullPath(manifestPath)}.");
        }

        var project = appHostProject ?? AppHostLocator.Find(AppHostLocator.DefaultStartDirectories())
            ?? throw new ManifestException($"No {AppHostLocator.SolutionName}.AppHost project found above {Environment.CurrentDirectory}; pass --manifest or --apphost.");
        var temp = Directory.CreateTempSubdirectory("k8s-manifest-");
        try
        {
            var path = Path.Combine(temp.FullName, "aspire-manifest.json");
            await log.WriteLineAsync($"Publishing the manifest of {project}…");
            await ManifestPublisher.PublishAsync(project, path, s_publishTimeout, cancellationToken);
            return AspireManifest.Load(path);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
