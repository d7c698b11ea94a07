using Aspire.Hosting.ApplicationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AgentApp.Hosting;

/// <summary>Renders Dapr <c>Component</c> and <c>Configuration</c> documents (dapr.io/v1alpha1) from the app model.</summary>
internal static class DaprYaml
{
    private const string ApiVersion = "dapr.io/v1alpha1";

    // Quote strings that would otherwise read as bools or numbers: Dapr wants actorStateStore: "true", not true.
    private static readonly ISerializer s_serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithQuotingNecessaryStrings()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .Build();

    /// <summary>The Component document; metadata values are resolved now, and items that resolve to null are left out.</summary>
    public static async Task<string> ComponentAsync(DaprComponentResource component, CancellationToken cancellationToken)
    {
        var metadata = new List<MetadataItem>();
        foreach (var item in component.Metadata)
        {
            if (await item.ResolveAsync(cancellationToken).ConfigureAwait(false) is { } value)
            {
                metadata.Add(new MetadataItem(item.Name, value));
            }
        }

        return s_serializer.Serialize(new Document(ApiVersion, "Component", new ObjectMeta(component.Name), new ComponentSpec(component.Type, component.Version, metadata)));
    }

    /// <summary>The Configuration document; tracing is exported over OTLP when an endpoint is known, else omitted.</summary>
    public static string Configuration(string name, Uri? otlpEndpoint)
    {
        var tracing = otlpEndpoint is null
            ? null
            : new TracingSpec("1", new OtelSpec($"{otlpEndpoint.Host}:{otlpEndpoint.Port}", otlpEndpoint.Scheme == Uri.UriSchemeHttps, "grpc"));
        return s_serializer.Serialize(new Document(ApiVersion, "Configuration", new ObjectMeta(name), new ConfigurationSpec(tracing)));
    }

    private sealed record Document(string ApiVersion, string Kind, ObjectMeta Metadata, object Spec);

    private sealed record ObjectMeta(string Name);

    private sealed record ComponentSpec(string Type, string Version, IReadOnlyList<MetadataItem> Metadata);

    private sealed record MetadataItem(string Name, string Value);

    private sealed record ConfigurationSpec(TracingSpec? Tracing);

    private sealed record TracingSpec(string SamplingRate, OtelSpec Otel);

    private sealed record OtelSpec(string EndpointAddress, bool IsSecure, string Protocol);
}
