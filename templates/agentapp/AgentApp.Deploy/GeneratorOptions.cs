namespace AgentApp.Deploy;

/// <summary>How the gateway is exposed outside the cluster.</summary>
public enum IngressKind
{
    /// <summary>A <c>networking.k8s.io/v1</c> Ingress (any ingress controller).</summary>
    Ingress,

    /// <summary>A Gateway API <c>HTTPRoute</c> attached to an existing Gateway.</summary>
    HttpRoute,
}

/// <summary>Everything about the output that the manifest does not decide.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The image registry and path prefix (e.g. <c>ghcr.io/contoso</c>); none means images by bare name.</summary>
    public string? Registry { get; init; }

    /// <summary>The image tag every service is deployed with.</summary>
    public string Tag { get; init; } = "latest";

    /// <summary>The namespace everything goes into; none leaves it to <c>kubectl apply -n</c> or Argo CD.</summary>
    public string? Namespace { get; init; }

    /// <summary>Adds in-cluster single-node Redis and Kafka StatefulSets to the development overlay.</summary>
    public bool WithInfrastructure { get; init; }

    /// <summary>How the gateway is exposed.</summary>
    public IngressKind Ingress { get; init; } = IngressKind.Ingress;

    /// <summary>The public host name of the gateway; none matches every host.</summary>
    public string? Host { get; init; }

    /// <summary>The Gateway API Gateway an <c>HTTPRoute</c> attaches to, as <c>name</c> or <c>namespace/name</c>.</summary>
    public string ParentGateway { get; init; } = "public-gateway";

    /// <summary>The OpenTelemetry collector's OTLP/gRPC address (<c>host:port</c>) for services and Dapr.</summary>
    public string OtlpEndpoint { get; init; } = "otel-collector:4317";

    /// <summary>Adds <c>monitoring/</c> (Prometheus Operator rules and monitors, dashboards, a collector); none leaves it out.</summary>
    public Monitoring.MonitoringOptions? Monitoring { get; init; }
}
