using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentApp.Tests.Support;

/// <summary>
/// Validates manifests against Aspire's own schema (Schemas/aspire-manifest.schema.json), strictly, with the few fields
/// this app model adds where Aspire's schema has no place for what a deployment needs (each one Aspirate accepts):
/// <list type="bullet">
/// <item><c>dapr.v0</c>: <c>dapr.roles</c> (hostsActors, registersWorkflows, schedulesWorkflows), like the community
/// toolkit's extra sidecar fields; Aspirate keeps unknown sidecar fields.</item>
/// <item><c>dapr.component.v0</c>: <c>daprComponent.version</c> and <c>daprComponent.metadata</c> (name to string), both
/// read by Aspirate.</item>
/// <item><c>container.v0</c>: <c>topics</c> of a Kafka broker (name, partitions, replicationFactor, consumers), which
/// Aspirate ignores.</item>
/// </list>
/// Nothing else is relaxed: every other field and type is checked as upstream defines it.
/// </summary>
public static class ManifestSchema
{
    /// <summary>The resource types Aspirate accepts (it skips <c>annotated.string</c> without failing); anything else it rejects or drops.</summary>
    public static readonly IReadOnlySet<string> AspirateTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "project.v0", "container.v0", "parameter.v0", "value.v0", "dapr.v0", "dapr.component.v0", "annotated.string",
    };

    private static readonly Lazy<JsonSchema> s_schema = new(Load);

    /// <summary>Validates a whole manifest; the failure message lists every error with its location.</summary>
    public static void AssertValid(JsonNode manifest)
    {
        var errors = Errors(manifest);
        Assert.True(errors.Count == 0, "Manifest does not validate:\n  " + string.Join("\n  ", errors) + "\n" + manifest.ToJsonString());
    }

    /// <summary>Every schema error of a manifest, with its location.</summary>
    public static IReadOnlyList<string> Errors(JsonNode manifest)
    {
        var result = s_schema.Value.Evaluate(JsonSerializer.SerializeToElement(manifest), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }

    /// <summary>Validates one resource entry by wrapping it in a manifest of its own.</summary>
    public static void AssertValidEntry(string name, JsonObject entry) =>
        AssertValid(new JsonObject { ["resources"] = new JsonObject { [name] = entry.DeepClone() } });

    private static JsonSchema Load()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "aspire-manifest.schema.json")))!.AsObject();
        schema["$id"] = "https://schemas.local/aspire-manifest-with-deployment-fields.json";
        var alternatives = schema["properties"]!["resources"]!["additionalProperties"]!["oneOf"]!.AsArray();
        JsonObject Alternative(string type) => alternatives.Select(a => a!.AsObject()).Single(a => a["properties"]?["type"]?["const"]?.GetValue<string>() == type);

        Alternative("dapr.v0")["properties"]!["dapr"]!["properties"]!["roles"] = JsonNode.Parse(
            """{"type":"array","items":{"enum":["hostsActors","registersWorkflows","schedulesWorkflows"]},"uniqueItems":true}""");
        var component = Alternative("dapr.component.v0")["properties"]!["daprComponent"]!["properties"]!.AsObject();
        component["version"] = JsonNode.Parse("""{"type":"string"}""");
        component["metadata"] = JsonNode.Parse("""{"type":"object","additionalProperties":{"type":"string"}}""");
        Alternative("container.v0")["properties"]!["topics"] = JsonNode.Parse("""
            {"type":"array","items":{"type":"object","required":["name","partitions"],"additionalProperties":false,
              "properties":{"name":{"type":"string"},"partitions":{"type":"integer","minimum":1},
                "replicationFactor":{"type":"integer","minimum":1},"consumers":{"type":"array","items":{"type":"string"}}}}}
            """);
        return JsonSerializer.Deserialize<JsonSchema>(schema.ToJsonString())!;
    }
}
