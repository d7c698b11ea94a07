using AgentApp.Deploy.Dapr;
using AgentApp.Deploy.Manifest;

namespace AgentApp.Deploy.Model;

/// <summary>Turns a manifest into an <see cref="AppModel"/>: which services run, where each setting lives, which Dapr metadata applies.</summary>
public static class AppModelBuilder
{
    private static readonly string[] s_ignoredTypes = ["parameter.v0", "value.v0", "annotated.string", "dapr.v0", "dapr.component.v0"];

    /// <summary>Builds the model; <paramref name="warnings"/> collects what the generator left out or could not decide.</summary>
    /// <exception cref="ManifestException">The manifest describes something that cannot be deployed as is.</exception>
    public static AppModel Build(AspireManifest manifest, GeneratorOptions options, ICollection<string> warnings)
    {
        var resolver = new ExpressionResolver(manifest);
        var connections = manifest.Resources
            .Where(r => r.ConnectionString is not null && !r.IsProject && r.Type != "value.v0")
            .ToDictionary(r => r.Name, r => ConnectionResource.Create(r, resolver), StringComparer.Ordinal);
        var kinds = connections.Values.ToDictionary(c => c.Resource.Name, c => KindOf(c.Resource), StringComparer.Ordinal);
        var secrets = new SecretCollector();
        foreach (var connection in connections.Values.OrderBy(c => c.Resource.Name, StringComparer.Ordinal))
        {
            connection.AddTo(secrets);
        }

        foreach (var skipped in manifest.Resources.Where(r => !r.IsProject && !connections.ContainsKey(r.Name) && !s_ignoredTypes.Contains(r.Type)))
        {
            warnings.Add($"{skipped.Name}: '{skipped.Type}' is not deployed by this generator");
        }

        var classifier = new SettingsClassifier(resolver, connections, secrets, warnings);
        var sidecars = DaprComponentReader.Sidecars(manifest);
        var components = new DaprComponentReader(classifier, options, warnings).Components(manifest, sidecars.Values);
        var topics = KafkaTopics(manifest);
        var drafts = manifest.Resources.Where(r => r.IsProject)
            .Select(project => Draft(project, classifier, sidecars.GetValueOrDefault(project.Name), components, options,
                [.. kinds.Where(k => k.Value == InfrastructureKind.Kafka).Select(k => k.Key)]))
            .ToList();
        var workloads = drafts
            .Select(d => d.Workload with
            {
                Callers = new SortedSet<string>(drafts.Where(o => o.Calls.Contains(d.Workload.Name)).Select(o => o.Workload.Name), StringComparer.Ordinal),
                ConsumerPartitionLimit = topics.Where(t => t.Consumers.Contains(d.Workload.Name)).Select(t => (int?)t.Partitions).Min(),
            })
            .ToList();
        var infrastructure = connections.Values.OrderBy(c => c.Resource.Name, StringComparer.Ordinal)
            .Select(c => Infrastructure(c, kinds[c.Resource.Name], resolver, secrets, workloads, topics.Any(t => t.Broker == c.Resource.Name), options))
            .ToList();
        return new AppModel(AppNaming.AppName(manifest.Resources.Where(r => r.IsProject)), workloads, infrastructure, secrets.Build(), components, topics);
    }

    private static InfrastructureKind KindOf(ManifestResource resource)
    {
        var image = resource.Image ?? string.Empty;
        if (image.Contains("redis", StringComparison.OrdinalIgnoreCase) || image.Contains("valkey", StringComparison.OrdinalIgnoreCase)
            || image.Contains("garnet", StringComparison.OrdinalIgnoreCase))
        {
            return InfrastructureKind.Redis;
        }

        // confluent-local is what Aspire.Hosting.Kafka runs; its name does not say "kafka".
        return resource.Json["topics"] is not null || image.Contains("kafka", StringComparison.OrdinalIgnoreCase) || image.Contains("confluent", StringComparison.OrdinalIgnoreCase)
            ? InfrastructureKind.Kafka
            : InfrastructureKind.Other;
    }

    private static List<KafkaTopic> KafkaTopics(AspireManifest manifest) =>
    [
        .. manifest.Resources.Where(r => r.Json["topics"] is System.Text.Json.Nodes.JsonArray).SelectMany(broker =>
            broker.Json["topics"]!.AsArray().Select(t => new KafkaTopic(
                broker.Name,
                t!["name"]!.GetValue<string>(),
                t["partitions"]?.GetValue<int>() ?? 1,
                t["replicationFactor"]?.GetValue<int>() ?? 1,
                t["consumers"] is System.Text.Json.Nodes.JsonArray consumers ? [.. consumers.Select(c => c!.GetValue<string>())] : []))),
    ];

    private static (Workload Workload, SortedSet<string> Calls) Draft(ManifestResource project, SettingsClassifier classifier,
        DaprComponentReader.SidecarEntry? sidecar, List<DaprComponent> components, GeneratorOptions options, IReadOnlyList<string> kafkaBrokers)
    {
        var ports = project.Bindings.Where(b => !b.IsTls)
            .Select(b => new ServicePortSpec(b.Name, ExpressionResolver.ServicePort(project, b), ExpressionResolver.ContainerPort(project, b)))
            .ToList();
        if (ports.All(p => p.Name != "http"))
        {
            throw new ManifestException($"Project '{project.Name}' has no plain 'http' binding; probes and the Service need one.");
        }

        var (plain, secret, dependencies, calls) = classifier.Classify(project.Name, project.Env);
        plain.TryAdd("OTEL_SERVICE_NAME", project.Name);
        plain.TryAdd("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{options.OtlpEndpoint}");
        plain.TryAdd("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        // Parent-based: a trace sampled at the edge stays whole across services; new traces are sampled at the ratio.
        plain.TryAdd("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
        plain.TryAdd("OTEL_TRACES_SAMPLER_ARG", options.TraceSamplingRatio.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));

        foreach (var broker in kafkaBrokers.Where(dependencies.Contains))
        {
            secret.AddRange(KafkaCredentials.Settings(broker));
        }

        secret.Sort((a, b) => string.CompareOrdinal(a.Variable, b.Variable));
        DaprSidecar? dapr = null;
        if (sidecar is { } s)
        {
            var loaded = components.Where(c => c.Scopes.Contains(s.AppId)).ToList();
            dependencies.UnionWith(loaded.SelectMany(c => c.Backends));
            var httpPort = ports.First(p => p.Name == "http").TargetPort;
            dapr = new DaprSidecar(s.AppId, s.AppPort ?? httpPort, [.. loaded.Select(c => c.Name)], s.Roles);
        }

        var workload = new Workload(project.Name, AppNaming.ImageName(project), ports, plain, secret,
            project.Bindings.Any(b => b.External), dapr, new SortedSet<string>(StringComparer.Ordinal), dependencies);
        return (workload, calls);
    }

    private static InfrastructureService Infrastructure(ConnectionResource connection, InfrastructureKind kind, ExpressionResolver resolver,
        SecretCollector secrets, IReadOnlyList<Workload> workloads, bool hasTopics, GeneratorOptions options)
    {
        var resource = connection.Resource;
        var clients = new SortedSet<string>(workloads.Where(w => w.Dependencies.Contains(resource.Name)).Select(w => w.Name), StringComparer.Ordinal);
        // The topics Job's pods connect too: always with the Job, with Strimzi only in the in-cluster development setup.
        if (hasTopics && (options.KafkaTopics == TopicProvisioning.Job || options.WithInfrastructure))
        {
            clients.Add(Kubernetes.KafkaTopicsJobBuilder.TopicsLabel(resource.Name));
        }
        if (!resource.IsContainer || resource.Image is null)
        {
            return new InfrastructureService(resource.Name, kind, connection.SecretName, null, clients);
        }

        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secretSettings = new List<SecretSetting>();
        foreach (var (name, expression) in resource.Env)
        {
            var value = resolver.Resolve(expression);
            if (!value.Parts.OfType<ParameterPart>().Any())
            {
                settings[name] = value.Render();
            }
            else if (value.SingleParameter is { } parameter && connection.OwnedParameters.Contains(parameter.Parameter))
            {
                secretSettings.Add(new SecretSetting(name, connection.SecretName, connection.KeyFor(parameter.Parameter)));
            }
            else
            {
                secrets.TryAdd(connection.SecretName, name, value.Render());
                secretSettings.Add(new SecretSetting(name, connection.SecretName, name));
            }
        }

        var args = resource.Args.Select(a => resolver.Resolve(a)).ToList();
        if (args.Any(a => a.Parts.OfType<ParameterPart>().Any()))
        {
            throw new ManifestException($"Container '{resource.Name}' passes a parameter in its arguments; pass it through an environment variable instead.");
        }

        secretSettings.Sort((a, b) => string.CompareOrdinal(a.Variable, b.Variable));
        var ports = resource.Bindings
            .Select(b => new ServicePortSpec(b.Name, ExpressionResolver.ServicePort(resource, b), ExpressionResolver.ContainerPort(resource, b)))
            .ToList();
        var container = new InfrastructureContainer(resource.Image, resource.Entrypoint, [.. args.Select(a => a.Render())], ports, settings, secretSettings);
        return new InfrastructureService(resource.Name, kind, connection.SecretName, container, clients);
    }
}
