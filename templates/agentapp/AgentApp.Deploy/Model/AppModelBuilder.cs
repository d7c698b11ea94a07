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

        var components = DaprComponents(manifest, connections, kinds, warnings);
        var sidecars = Sidecars(manifest, components);
        var classifier = new SettingsClassifier(resolver, connections, secrets, warnings);
        var drafts = manifest.Resources.Where(r => r.IsProject)
            .Select(project => Draft(project, classifier, sidecars.TryGetValue(project.Name, out var sidecar) ? sidecar : null, components, options))
            .ToList();
        var workloads = drafts
            .Select(d => d.Workload with
            {
                Callers = new SortedSet<string>(drafts.Where(o => o.Calls.Contains(d.Workload.Name)).Select(o => o.Workload.Name), StringComparer.Ordinal),
            })
            .ToList();
        var infrastructure = connections.Values.OrderBy(c => c.Resource.Name, StringComparer.Ordinal)
            .Select(c => Infrastructure(c, kinds[c.Resource.Name], resolver, secrets, workloads))
            .ToList();
        return new AppModel(AppNaming.AppName(manifest.Resources.Where(r => r.IsProject)), workloads, infrastructure, secrets.Build(), components);
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
        return image.Contains("kafka", StringComparison.OrdinalIgnoreCase) || image.Contains("confluent", StringComparison.OrdinalIgnoreCase)
            ? InfrastructureKind.Kafka
            : InfrastructureKind.Other;
    }

    private static List<DaprComponent> DaprComponents(AspireManifest manifest, IReadOnlyDictionary<string, ConnectionResource> connections,
        IReadOnlyDictionary<string, InfrastructureKind> kinds, ICollection<string> warnings)
    {
        var entries = manifest.Resources.Where(r => r.Type == "dapr.component.v0").ToList();
        var actorStore = DaprComponentConventions.ChooseActorStateStore(entries);
        var conventions = new DaprComponentConventions(connections, kinds, warnings);
        var sidecars = manifest.Resources.Where(r => r.Type == "dapr.v0").ToList();
        return [.. entries.Select(entry => conventions.Build(entry,
            [.. sidecars.Where(s => ComponentNames(s).Contains(entry.Name)).Select(AppId).Order(StringComparer.Ordinal)],
            entry.Name == actorStore))];
    }

    private static Dictionary<string, (string AppId, int? AppPort, List<string> Components)> Sidecars(AspireManifest manifest, List<DaprComponent> components)
    {
        var sidecars = new Dictionary<string, (string, int?, List<string>)>(StringComparer.Ordinal);
        foreach (var sidecar in manifest.Resources.Where(r => r.Type == "dapr.v0"))
        {
            var application = sidecar.Json["dapr"]?["application"]?.GetValue<string>()
                ?? throw new ManifestException($"Dapr sidecar '{sidecar.Name}' has no dapr.application.");
            if (manifest.Find(application) is not { IsProject: true })
            {
                throw new ManifestException($"Dapr sidecar '{sidecar.Name}' belongs to '{application}', which is not a project in the manifest.");
            }

            foreach (var missing in ComponentNames(sidecar).Where(c => components.All(k => k.Name != c)))
            {
                throw new ManifestException($"Dapr sidecar '{sidecar.Name}' loads '{missing}', which is not a dapr.component.v0 in the manifest.");
            }

            sidecars[application] = (AppId(sidecar), sidecar.Json["dapr"]?["appPort"]?.GetValue<int>(), ComponentNames(sidecar));
        }

        return sidecars;
    }

    private static string AppId(ManifestResource sidecar) =>
        sidecar.Json["dapr"]?["appId"]?.GetValue<string>() ?? sidecar.Json["dapr"]?["application"]?.GetValue<string>() ?? sidecar.Name;

    private static List<string> ComponentNames(ManifestResource sidecar) =>
        sidecar.Json["dapr"]?["components"] is System.Text.Json.Nodes.JsonArray list
            ? [.. list.Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal)]
            : [];

    private static (Workload Workload, SortedSet<string> Calls) Draft(ManifestResource project, SettingsClassifier classifier,
        (string AppId, int? AppPort, List<string> Components)? sidecar, List<DaprComponent> components, GeneratorOptions options)
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

        DaprSidecar? dapr = null;
        if (sidecar is { } s)
        {
            var loaded = components.Where(c => s.Components.Contains(c.Name)).ToList();
            dependencies.UnionWith(loaded.Where(c => c.Backend is not null).Select(c => c.Backend!));
            var httpPort = ports.First(p => p.Name == "http").TargetPort;
            dapr = new DaprSidecar(s.AppId, s.AppPort ?? httpPort, s.Components, loaded.Any(c => c.IsActorStateStore));
        }

        var workload = new Workload(project.Name, AppNaming.ImageName(project), ports, plain, secret,
            project.Bindings.Any(b => b.External), dapr, new SortedSet<string>(StringComparer.Ordinal), dependencies);
        return (workload, calls);
    }

    private static InfrastructureService Infrastructure(ConnectionResource connection, InfrastructureKind kind, ExpressionResolver resolver,
        SecretCollector secrets, IReadOnlyList<Workload> workloads)
    {
        var resource = connection.Resource;
        var clients = new SortedSet<string>(workloads.Where(w => w.Dependencies.Contains(resource.Name)).Select(w => w.Name), StringComparer.Ordinal);
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
