using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentApp.Tests.Manifest;

/// <summary>Validates manifests against Aspire's own schema (Schemas/aspire-manifest.schema.json), strictly.</summary>
public static class ManifestSchema
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "aspire-manifest.schema.json")));

    /// <summary>Validates a whole manifest; the failure message lists every error with its location.</summary>
    public static void AssertValid(JsonNode manifest)
    {
        var result = s_schema.Value.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(manifest), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, "Manifest does not validate:\n" + Describe(result) + "\n" + manifest.ToJsonString());
    }

    /// <summary>Validates one resource entry by wrapping it in a manifest of its own.</summary>
    public static void AssertValidEntry(string name, JsonObject entry) =>
        AssertValid(new JsonObject { ["resources"] = new JsonObject { [name] = entry.DeepClone() } });

    private static string Describe(EvaluationResults result) => string.Join('\n',
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));
}
