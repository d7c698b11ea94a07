using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace AgentApp.Tests.Support;

/// <summary>Writes manifest entries the way Aspire's manifest publisher does, without running the AppHost.</summary>
public static class ManifestJson
{
    /// <summary>The manifest entry of one resource, as <c>--publisher manifest</c> would write it.</summary>
    public static async Task<JsonObject> EntryAsync(IResource resource, string manifestDirectory = "/tmp/manifest")
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var context = new ManifestPublishingContext(
                new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish),
                Path.Combine(manifestDirectory, "aspire-manifest.json"), writer, CancellationToken.None);
            writer.WriteStartObject();
            if (resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var callback) && callback.Callback is not null)
            {
                await callback.Callback(context);
            }
            else if (resource is ContainerResource container)
            {
                await context.WriteContainerAsync(container);
            }
            else
            {
                throw new InvalidOperationException($"'{resource.Name}' has no manifest writer this helper knows.");
            }

            writer.WriteEndObject();
        }

        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }
}
