using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentApp.Tests.Deploy.Support.Schemas;

/// <summary>
/// Validates generated documents the way a current API server does: Kubernetes' own OpenAPI definitions (release 1.36,
/// Schemas/kubernetes), Dapr's CRD schemas (Schemas/dapr), the Gateway API's HTTPRoute CRD (Schemas/gateway-api), Strimzi's
/// KafkaTopic CRD (Schemas/strimzi) and KEDA's ScaledObject and TriggerAuthentication CRDs (Schemas/keda), made strict: a field the schema does not name fails,
/// as with <c>kubectl apply</c>'s default <c>--validate=strict</c>. Kinds neither source knows fail too, so nothing
/// slips through unvalidated.
/// </summary>
public static class StrictSchemas
{
    private const string Draft = "https://json-schema.org/draft/2020-12/schema";
    private static readonly Lazy<JsonObject> s_kubernetesDefinitions = new(LoadKubernetesDefinitions);
    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), string>> s_kubernetesKinds = new(KubernetesKinds);
    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), JsonNode>> s_crds = new(LoadCrds);
    private static readonly ConcurrentDictionary<(string ApiVersion, string Kind), Lazy<JsonSchema>> s_schemas = new();

    /// <summary>The kinds these schemas cover, e.g. <c>(apps/v1, Deployment)</c>.</summary>
    public static IEnumerable<(string ApiVersion, string Kind)> Kinds => s_kubernetesKinds.Value.Keys.Concat(s_crds.Value.Keys);

    /// <summary>Schema errors of one document, with their JSON locations; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode document)
    {
        var apiVersion = document["apiVersion"]?.GetValue<string>() ?? string.Empty;
        var kind = document["kind"]?.GetValue<string>() ?? string.Empty;
        var key = (apiVersion, kind);
        if (!s_kubernetesKinds.Value.ContainsKey(key) && !s_crds.Value.ContainsKey(key))
        {
            return [$"no vendored schema for apiVersion '{apiVersion}' kind '{kind}'"];
        }

        var schema = s_schemas.GetOrAdd(key, k => new Lazy<JsonSchema>(() => Build(k))).Value;
        var result = schema.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).Distinct()];
    }

    private static JsonSchema Build((string ApiVersion, string Kind) key)
    {
        var root = new JsonObject { ["$schema"] = Draft, ["$id"] = $"https://schemas.local/{key.ApiVersion}/{key.Kind}" };
        root["$defs"] = s_kubernetesDefinitions.Value.DeepClone();
        if (s_kubernetesKinds.Value.TryGetValue(key, out var definition))
        {
            root["$ref"] = $"#/$defs/{definition}";
        }
        else
        {
            // A custom resource: apiVersion, kind and Kubernetes' ObjectMeta, then the CRD's own schema for the rest.
            var crd = Strict(s_crds.Value[key].DeepClone())!.AsObject();
            crd["properties"]!["metadata"] = new JsonObject { ["$ref"] = "#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
            foreach (var (name, value) in crd)
            {
                root[name] = value?.DeepClone();
            }
        }

        return JsonSerializer.Deserialize<JsonSchema>(root.ToJsonString())!;
    }

    private static JsonObject LoadKubernetesDefinitions()
    {
        var swagger = JsonNode.Parse(File.ReadAllText(SchemaPath("kubernetes", "swagger-1.36-subset.json")))!;
        var definitions = new JsonObject();
        foreach (var (name, definition) in swagger["definitions"]!.AsObject())
        {
            definitions[name] = name switch
            {
                // The API server reads both 1 and "1" as a quantity, and both 8080 and "http" as an int-or-string.
                "io.k8s.apimachinery.pkg.api.resource.Quantity" => AnyOf("string", "number"),
                "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => AnyOf("string", "integer"),
                _ => Strict(definition!.DeepClone()),
            };
        }

        return JsonNode.Parse(definitions.ToJsonString().Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
    }

    private static Dictionary<(string, string), string> KubernetesKinds()
    {
        var kinds = new Dictionary<(string, string), string>();
        foreach (var (name, definition) in s_kubernetesDefinitions.Value)
        {
            foreach (var gvk in definition?["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = gvk!["group"]!.GetValue<string>();
                var version = gvk["version"]!.GetValue<string>();
                if (definition!["properties"]?["kind"] is not null)
                {
                    kinds[(group.Length == 0 ? version : $"{group}/{version}", gvk["kind"]!.GetValue<string>())] = name;
                }
            }
        }

        return kinds;
    }

    private static Dictionary<(string, string), JsonNode> LoadCrds()
    {
        var crds = new Dictionary<(string, string), JsonNode>();
        foreach (var file in new[] { "dapr", "gateway-api", "strimzi", "keda" }.SelectMany(d => Directory.EnumerateFiles(SchemaPath(d), "*.yaml")))
        {
            foreach (var crd in YamlJson.Documents(File.ReadAllText(file)).Where(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition"))
            {
                var group = crd["spec"]!["group"]!.GetValue<string>();
                var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
                foreach (var version in crd["spec"]!["versions"]!.AsArray().Where(v => v!["served"]?.GetValue<bool>() != false))
                {
                    crds[($"{group}/{version!["name"]!.GetValue<string>()}", kind)] = version["schema"]!["openAPIV3Schema"]!;
                }
            }
        }

        return crds;
    }

    /// <summary>
    /// Objects that list their properties reject any other (unless they preserve unknown fields); the formats
    /// <c>int-or-string</c> and quantities accept both spellings.
    /// </summary>
    private static JsonNode? Strict(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        if (schema["x-kubernetes-int-or-string"] is JsonValue intOrString && intOrString.GetValue<bool>()
            || schema["format"] is JsonValue format && format.GetValue<string>() == "int-or-string")
        {
            return AnyOf("string", "integer");
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = Strict(properties[name]);
            }

            if (schema["additionalProperties"] is null && schema["x-kubernetes-preserve-unknown-fields"] is not JsonValue)
            {
                schema["additionalProperties"] = false;
            }
        }

        foreach (var single in new[] { "items", "additionalProperties", "not" }.Where(k => schema[k] is JsonObject))
        {
            schema[single] = Strict(schema[single]);
        }

        foreach (var list in new[] { "allOf", "anyOf", "oneOf" }.Select(k => schema[k]).OfType<JsonArray>())
        {
            for (var i = 0; i < list.Count; i++)
            {
                list[i] = Strict(list[i]);
            }
        }

        return schema;
    }

    private static JsonObject AnyOf(params string[] types) => new() { ["anyOf"] = new JsonArray([.. types.Select(t => (JsonNode)new JsonObject { ["type"] = t })]) };

    private static string SchemaPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Schemas", .. parts]);
}
