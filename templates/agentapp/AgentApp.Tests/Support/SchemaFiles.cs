using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentApp.Tests.Support;

/// <summary>
/// The JSON schemas under Schemas/, each loaded once per test run: JsonSchema.Net registers a schema globally by its
/// <c>$id</c> and refuses a second registration, so every test must share one instance.
/// </summary>
public static class SchemaFiles
{
    /// <summary>Aspire's manifest schema.</summary>
    public const string AspireManifest = "aspire-manifest.schema.json";

    /// <summary>The Dapr Component CRD schema plus concrete component types.</summary>
    public const string DaprComponent = "dapr-component.schema.json";

    /// <summary>SchemaStore's GitHub Actions workflow schema.</summary>
    public const string GitHubWorkflow = "github-workflow.schema.json";

    /// <summary>SchemaStore's Dependabot (version 2) configuration schema.</summary>
    public const string Dependabot = "dependabot-2.0.schema.json";

    /// <summary>The OpenTelemetry Collector configuration, for the components the monitoring output uses (see Schemas/README.md).</summary>
    public const string OtelCollectorConfig = "otel-collector-config.schema.json";

    /// <summary>The agent-events message schema, as the Contracts library embeds it (not a file here).</summary>
    public const string AgentEvent = "embedded:agent-event.schema.json";

    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> s_schemas = new();

    /// <summary>Every error of <paramref name="instance"/> against the schema, with its location; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string schemaFile, JsonNode? instance)
    {
        var schema = s_schemas.GetOrAdd(schemaFile, file => new Lazy<JsonSchema>(() =>
            file == AgentEvent
                ? JsonSchema.FromText(AgentApp.Contracts.AgentEventSchema.Text)
                : JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", file)))).Value;
        var result = schema.Evaluate(JsonSerializer.SerializeToElement(instance),
            new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }
}
