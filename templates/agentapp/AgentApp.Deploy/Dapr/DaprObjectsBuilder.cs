using AgentApp.Deploy.Kubernetes;
using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Dapr;

/// <summary>Builds the Dapr Configuration and Components of an app.</summary>
public static class DaprObjectsBuilder
{
    /// <summary>The Configuration every sidecar names in <c>dapr.io/config</c>: tracing to the OTLP collector at the sampling ratio.</summary>
    public static DaprConfigurationResource Configuration(AppModel app, GeneratorOptions options) => new()
    {
        Metadata = new V1ObjectMeta { Name = app.DaprConfigurationName, Labels = Labels.Sorted((Labels.PartOf, app.AppName)) },
        Spec = new DaprConfigurationSpec
        {
            Tracing = new DaprTracing { SamplingRate = options.TraceSamplingRatio.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), Otel = new DaprOtel { EndpointAddress = options.OtlpEndpoint, IsSecure = false, Protocol = "grpc" } },
        },
    };

    /// <summary>One Component, scoped to the app ids that load it.</summary>
    public static DaprComponentResource Component(AppModel app, DaprComponent component) => new()
    {
        Metadata = new V1ObjectMeta { Name = component.Name, Labels = Labels.Sorted((Labels.PartOf, app.AppName)) },
        Spec = new DaprComponentSpec
        {
            Type = component.Type,
            Version = component.Version,
            Metadata = [.. component.Metadata.Select(m => new DaprMetadata
            {
                Name = m.Name,
                Value = m.Value,
                SecretKeyRef = m.Secret is null ? null : new DaprSecretKeyRef { Name = m.Secret, Key = m.Key! },
            })],
        },
        Scopes = component.Scopes.Count == 0 ? null : [.. component.Scopes],
    };
}
