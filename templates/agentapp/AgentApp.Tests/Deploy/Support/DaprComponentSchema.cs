using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Serialization;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>Validates Dapr Component YAML against Schemas/dapr-component.schema.json (the CRD's schema plus concrete types).</summary>
public static class DaprComponentSchema
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "dapr-component.schema.json")));

    /// <summary>The schema errors of one Component document; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string yaml)
    {
        var json = ToJson(new DeserializerBuilder().Build().Deserialize<object>(yaml));
        var result = s_schema.Value.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    // YAML scalars arrive as strings; the schema types the Component's fields as strings too.
    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        null => null,
        Dictionary<object, object> map => new JsonObject(map.Select(e => KeyValuePair.Create((string)e.Key, ToJson(e.Value)))),
        List<object> list => new JsonArray([.. list.Select(ToJson)]),
        string text => JsonValue.Create(text),
        _ => JsonValue.Create(yaml.ToString()),
    };
}
