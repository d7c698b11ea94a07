using System.Text.Json.Nodes;
using AgentApp.Tests.Support;

namespace AgentApp.Tests.Manifest;

/// <summary>Validates manifests against Aspire's own schema (Schemas/aspire-manifest.schema.json), strictly.</summary>
public static class ManifestSchema
{
    /// <summary>Validates a whole manifest; the failure message lists every error with its location.</summary>
    public static void AssertValid(JsonNode manifest)
    {
        var errors = SchemaFiles.Errors(SchemaFiles.AspireManifest, manifest);
        Assert.True(errors.Count == 0, "Manifest does not validate:\n  " + string.Join("\n  ", errors) + "\n" + manifest.ToJsonString());
    }

    /// <summary>Validates one resource entry by wrapping it in a manifest of its own.</summary>
    public static void AssertValidEntry(string name, JsonObject entry) =>
        AssertValid(new JsonObject { ["resources"] = new JsonObject { [name] = entry.DeepClone() } });
}
