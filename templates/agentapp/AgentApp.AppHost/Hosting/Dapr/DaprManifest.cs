using AgentApp.Contracts;
using Aspire.Hosting.ApplicationModel;
using System.Text.Json;
using Aspire.Hosting.Publishing;

namespace AgentApp.Hosting;

/// <summary>
/// Writes the <c>dapr.v0</c> and <c>dapr.component.v0</c> entries: Aspire's fields, plus what a deployment needs and
/// Aspire's schema has no place for (sidecar roles, component version and metadata). Aspirate accepts these fields.
/// </summary>
internal static class DaprManifest
{
    private static string? ManifestExpression(object value) => value switch
    {
        string literal => literal,
        RedisConnectionPart part => part.ManifestExpression,
        IManifestExpressionProvider provider => provider.ValueExpression,
        _ => throw new DistributedApplicationException($"A Dapr metadata value of type {value.GetType()} cannot be written to the manifest."),
    };

    public static void WriteSidecar(ManifestPublishingContext context, DaprSidecarResource sidecar)
    {
        var writer = context.Writer;
        writer.WriteString("type", "dapr.v0");
        writer.WriteStartObject("dapr");
        writer.WriteString("application", sidecar.Application.Name);
        writer.WriteString("appId", sidecar.AppId);
        writer.WriteStartArray("components");
        foreach (var component in sidecar.Components)
        {
            writer.WriteStringValue(component.Name);
        }

        writer.WriteEndArray();
        if (sidecar.Roles != DaprAppRoles.None)
        {
            // Beyond Aspire's schema (as the community toolkit's sidecar fields are); Aspirate keeps unknown sidecar fields.
            writer.WriteStartArray("roles");
            foreach (var role in Enum.GetValues<DaprAppRoles>().Where(r => r != DaprAppRoles.None && sidecar.Roles.HasFlag(r)))
            {
                writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(role.ToString()));
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public static void WriteComponent(ManifestPublishingContext context, DaprComponentResource component)
    {
        var writer = context.Writer;
        writer.WriteString("type", "dapr.component.v0");
        writer.WriteStartObject("daprComponent");
        writer.WriteString("type", component.Type);
        // version and metadata go beyond Aspire's schema; Aspirate reads both (metadata as a name-to-string map). Values
        // are manifest expressions, so a generator sees which resource each comes from and which are secret parameters.
        writer.WriteString("version", component.Version);
        writer.WriteStartObject("metadata");
        foreach (var item in component.Metadata)
        {
            if (ManifestExpression(item.Value) is { } expression)
            {
                writer.WriteString(item.Name, expression);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
