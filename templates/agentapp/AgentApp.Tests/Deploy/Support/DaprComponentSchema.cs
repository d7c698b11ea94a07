using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>Validates Dapr Component YAML against Schemas/dapr-component.schema.json (the CRD's schema plus concrete types).</summary>
public static class DaprComponentSchema
{
    /// <summary>The schema errors of one Component document; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string yaml)
    {
        var json = ToJson(new DeserializerBuilder().Build().Deserialize<object>(yaml));
        return SchemaFiles.Errors(SchemaFiles.DaprComponent, json);
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
