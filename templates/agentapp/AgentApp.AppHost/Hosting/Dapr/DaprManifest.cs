using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace AgentApp.Hosting;

/// <summary>
/// Writes the <c>dapr.v0</c> and <c>dapr.component.v0</c> entries with exactly the fields Aspire's manifest schema allows
/// (it sets additionalProperties false). Everything else stays in the app model as annotations.
/// </summary>
internal static class DaprManifest
{
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
        writer.WriteEndObject();
    }

    public static void WriteComponent(ManifestPublishingContext context, DaprComponentResource component)
    {
        var writer = context.Writer;
        writer.WriteString("type", "dapr.component.v0");
        writer.WriteStartObject("daprComponent");
        writer.WriteString("type", component.Type);
        writer.WriteEndObject();
    }
}
