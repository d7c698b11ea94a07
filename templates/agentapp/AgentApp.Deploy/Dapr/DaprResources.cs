using k8s;
using k8s.Models;

namespace AgentApp.Deploy.Dapr;

// Dapr's CRDs have no models in KubernetesClient; these mirror the fields we write (KubernetesYaml camel-cases property names).

/// <summary>A <c>dapr.io/v1alpha1</c> Component.</summary>
public sealed class DaprComponentResource : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "dapr.io/v1alpha1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Component";

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Type, version and metadata.</summary>
    public DaprComponentSpec Spec { get; set; } = new();

    /// <summary>The app ids allowed to load the component.</summary>
    public IList<string>? Scopes { get; set; }
}

/// <summary>The <c>spec</c> of a Component.</summary>
public sealed class DaprComponentSpec
{
    /// <summary>The concrete type, e.g. <c>state.redis</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>The component version, e.g. <c>v1</c>.</summary>
    public string Version { get; set; } = "v1";

    /// <summary>Metadata items (always present, possibly empty: the CRD requires it).</summary>
    public IList<DaprMetadata> Metadata { get; set; } = [];
}

/// <summary>A metadata item with a literal value or a Secret reference.</summary>
public sealed class DaprMetadata
{
    /// <summary>The metadata name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>A literal value.</summary>
    public string? Value { get; set; }

    /// <summary>A key of a Kubernetes Secret in the component's namespace.</summary>
    public DaprSecretKeyRef? SecretKeyRef { get; set; }
}

/// <summary>A Secret key reference.</summary>
public sealed class DaprSecretKeyRef
{
    /// <summary>The Secret.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key.</summary>
    public string Key { get; set; } = string.Empty;
}

/// <summary>A <c>dapr.io/v1alpha1</c> Configuration.</summary>
public sealed class DaprConfigurationResource : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "dapr.io/v1alpha1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Configuration";

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Tracing and metrics.</summary>
    public DaprConfigurationSpec Spec { get; set; } = new();
}

/// <summary>The <c>spec</c> of a Configuration.</summary>
public sealed class DaprConfigurationSpec
{
    /// <summary>Tracing.</summary>
    public DaprTracing Tracing { get; set; } = new();

    /// <summary>Metrics.</summary>
    public DaprMetricSpec Metric { get; set; } = new();
}

/// <summary><c>spec.tracing</c></summary>
public sealed class DaprTracing
{
    /// <summary>The fraction of requests traced, as a string (<c>"1"</c> = all).</summary>
    public string SamplingRate { get; set; } = "1";

    /// <summary>The OTLP exporter.</summary>
    public DaprOtel Otel { get; set; } = new();
}

/// <summary><c>spec.tracing.otel</c></summary>
public sealed class DaprOtel
{
    /// <summary>The collector address, <c>host:port</c>.</summary>
    public string EndpointAddress { get; set; } = string.Empty;

    /// <summary>TLS to the collector.</summary>
    public bool IsSecure { get; set; }

    /// <summary><c>grpc</c> or <c>http</c>.</summary>
    public string Protocol { get; set; } = "grpc";
}

/// <summary><c>spec.metric</c></summary>
public sealed class DaprMetricSpec
{
    /// <summary>Sidecar metrics on :9090.</summary>
    public bool Enabled { get; set; } = true;
}
