using AgentApp.Contracts;
using System.Text.Json.Nodes;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Model;

namespace AgentApp.Deploy.Dapr;

/// <summary>
/// Reads Dapr components and sidecars from the manifest: a component's type, version and metadata as the AppHost declared
/// them (metadata values are manifest expressions, so each value's backing service and secrecy is known), a sidecar's
/// components and roles. Scopes follow Dapr's rules: every app that loads a component, and for the actor state store
/// every app that hosts actors or takes part in workflows.
/// </summary>
internal sealed class DaprComponentReader(SettingsClassifier classifier, GeneratorOptions options, ICollection<string> warnings)
{
    /// <summary>The component version when the manifest gives none (every built-in component type has v1).</summary>
    public const string DefaultVersion = "v1";

    /// <summary>A sidecar as the manifest describes it.</summary>
    public sealed record SidecarEntry(string Application, string AppId, int? AppPort, IReadOnlyList<string> Components, DaprAppRoles Roles);

    /// <summary>Every <c>dapr.v0</c> entry, by application.</summary>
    public static Dictionary<string, SidecarEntry> Sidecars(AspireManifest manifest)
    {
        var sidecars = new Dictionary<string, SidecarEntry>(StringComparer.Ordinal);
        foreach (var sidecar in manifest.Resources.Where(r => r.Type == "dapr.v0"))
        {
            var dapr = sidecar.Json["dapr"];
            var application = dapr?["application"]?.GetValue<string>()
                ?? throw new ManifestException($"Dapr sidecar '{sidecar.Name}' has no dapr.application.");
            if (manifest.Find(application) is not { IsProject: true })
            {
                throw new ManifestException($"Dapr sidecar '{sidecar.Name}' belongs to '{application}', which is not a project in the manifest.");
            }

            var roles = Strings(dapr?["roles"]).Aggregate(DaprAppRoles.None, (all, role) => all | Role(sidecar.Name, role));
            sidecars[application] = new SidecarEntry(application, dapr?["appId"]?.GetValue<string>() ?? application,
                dapr?["appPort"]?.GetValue<int>(), [.. Strings(dapr?["components"]).Order(StringComparer.Ordinal)], roles);
        }

        return sidecars;
    }

    /// <summary>Every <c>dapr.component.v0</c> entry, scoped to the sidecars that need it.</summary>
    /// <exception cref="ManifestException">A sidecar loads a missing component, or the actor state store is missing or not unique.</exception>
    public List<DaprComponent> Components(AspireManifest manifest, IReadOnlyCollection<SidecarEntry> sidecars)
    {
        var entries = manifest.Resources.Where(r => r.Type == "dapr.component.v0").ToList();
        foreach (var sidecar in sidecars)
        {
            foreach (var missing in sidecar.Components.Where(c => entries.All(e => e.Name != c)))
            {
                throw new ManifestException($"Dapr sidecar of '{sidecar.Application}' loads '{missing}', which is not a dapr.component.v0 in the manifest.");
            }
        }

        var actorStores = entries.Where(e => Metadata(e).Any(m => m.Key == "actorStateStore" && m.Value == "true")).Select(e => e.Name).ToList();
        if (actorStores.Count > 1)
        {
            throw new ManifestException($"Several actor state stores ({string.Join(", ", actorStores)}): Dapr allows exactly one actorStateStore.");
        }

        var participants = sidecars.Where(s => s.Roles != DaprAppRoles.None).ToList();
        if (participants.Count > 0 && actorStores.Count == 0)
        {
            throw new ManifestException($"{string.Join(", ", participants.Select(p => p.Application))} host actors or take part in workflows, but no component has actorStateStore: \"true\".");
        }

        foreach (var client in sidecars.Where(s => s.Roles.HasFlag(DaprAppRoles.SchedulesWorkflows) && !s.Roles.HasFlag(DaprAppRoles.RegistersWorkflows)))
        {
            warnings.Add($"{client.Application}: uses the workflow client but registers no workflow; on Dapr an instance runs in the sidecar that " +
                "scheduled it, so schedule (and raise events) from the app that registers the workflow");
        }

        return [.. entries.Select(entry =>
        {
            var scopes = sidecars.Where(s => s.Components.Contains(entry.Name)
                    || (actorStores.Contains(entry.Name) && s.Roles != DaprAppRoles.None))
                .Select(s => s.AppId).Order(StringComparer.Ordinal);
            return Build(entry, [.. scopes]);
        })];
    }

    /// <summary>The concrete component type; a generic one (<c>state</c>) is an error, as Dapr would reject it.</summary>
    public static string TypeOf(ManifestResource resource)
    {
        var type = resource.Json["daprComponent"]?["type"]?.GetValue<string>()
            ?? throw new ManifestException($"Dapr component '{resource.Name}' has no daprComponent.type.");
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == type.Length - 1)
        {
            throw new ManifestException($"Dapr component '{resource.Name}' has the generic type '{type}'; use a concrete one such as 'state.redis' or 'pubsub.kafka'.");
        }

        return type;
    }

    private DaprComponent Build(ManifestResource resource, IReadOnlyList<string> scopes)
    {
        var type = TypeOf(resource);
        var version = resource.Json["daprComponent"]?["version"]?.GetValue<string>() ?? DefaultVersion;
        var declared = Metadata(resource);
        if (type.EndsWith(".redis", StringComparison.Ordinal) && options.RedisTls)
        {
            // A managed Redis speaks TLS; the same option puts ssl=true into the clients' connection strings (README).
            declared = [.. declared.Where(m => m.Key != "enableTLS"), KeyValuePair.Create("enableTLS", "true")];
        }

        if (declared.Count == 0)
        {
            warnings.Add(type.EndsWith(".in-memory", StringComparison.Ordinal)
                ? $"{resource.Name}: '{type}' keeps data in the sidecar's memory; choose a real store before production"
                : $"{resource.Name}: the manifest declares no metadata for '{type}'; add spec.metadata in an overlay");
        }

        // Metadata values are classified like environment variables: a value that describes a backing service reads
        // from that service's connection Secret, a secret parameter from its own Secret, anything else stays literal.
        var (plain, secret, backends, _) = classifier.Classify(resource.Name, declared);
        var items = declared.Select(m => plain.TryGetValue(m.Key, out var value)
            ? new DaprMetadataItem(m.Key, value)
            : secret.Single(s => s.Variable == m.Key) switch { var r => new DaprMetadataItem(m.Key, Secret: r.Secret, Key: r.Key) }).ToList();
        return new DaprComponent(resource.Name, type, version, items, scopes, backends);
    }

    private static List<KeyValuePair<string, string>> Metadata(ManifestResource resource) =>
        resource.Json["daprComponent"]?["metadata"] is JsonObject metadata
            ? [.. metadata.Select(m => KeyValuePair.Create(m.Key, m.Value!.GetValue<string>()))]
            : [];

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray list ? list.Select(i => i!.GetValue<string>()) : [];

    private static DaprAppRoles Role(string sidecar, string role) =>
        Enum.TryParse<DaprAppRoles>(role, ignoreCase: true, out var parsed) && parsed != DaprAppRoles.None
            ? parsed
            : throw new ManifestException($"Dapr sidecar '{sidecar}' has the unknown role '{role}' (hostsActors, registersWorkflows, schedulesWorkflows).");
}
