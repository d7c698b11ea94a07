namespace AgentApp.Deploy;

/// <summary>How the gateway is exposed outside the cluster.</summary>
public enum IngressKind
{
    /// <summary>A <c>networking.k8s.io/v1</c> Ingress (any ingress controller).</summary>
    Ingress,

    /// <summary>A Gateway API <c>HTTPRoute</c> attached to an existing Gateway.</summary>
    HttpRoute,
}

/// <summary>How the topics the AppHost declares are created on the cluster's Kafka.</summary>
public enum TopicProvisioning
{
    /// <summary>A Job runs the Kafka CLI (AdminClient) with <c>--if-not-exists</c> against any Kafka.</summary>
    Job,

    /// <summary>Strimzi <c>KafkaTopic</c> resources, reconciled by the Topic Operator of a Strimzi-managed cluster.</summary>
    Strimzi,
}

/// <summary>What scales the services that consume Kafka topics.</summary>
public enum ConsumerScaling
{
    /// <summary>A HorizontalPodAutoscaler on the app container's CPU, like every other stateless service.</summary>
    Cpu,

    /// <summary>A KEDA <c>ScaledObject</c> on the consumer group's lag.</summary>
    Keda,
}

/// <summary>Everything about the output that the manifest does not decide.</summary>
public sealed record GeneratorOptions
{
    /// <summary>
    /// The image registry and path prefix (e.g. <c>ghcr.io/contoso</c>). The command line demands one (a cluster pulls
    /// from a registry); none here means images by bare name, for clusters that were loaded with them (kind, minikube).
    /// </summary>
    public string? Registry { get; init; }

    /// <summary>The image tag every service is deployed with: by default the solution's version (<see cref="Model.ImageTag.AppVersion"/>).</summary>
    public string Tag { get; init; } = Model.ImageTag.AppVersion;

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

    /// <summary>The fraction of new traces sampled (parent-based: a sampled caller keeps its trace whole), for services and Dapr.</summary>
    public double TraceSamplingRatio { get; init; } = 0.1;

    /// <summary>The IngressClass of the Ingress; none leaves it to the cluster's default class.</summary>
    public string? IngressClass { get; init; }

    /// <summary>How long the edge keeps a response (an event stream) open; at least the longest stream the gateway serves.</summary>
    public TimeSpan StreamTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The namespace whose pods (Prometheus) may scrape the sidecars' metrics port.</summary>
    public string MonitoringNamespace { get; init; } = "monitoring";

    /// <summary>Redis speaks TLS (managed Redis): Dapr's Redis components get <c>enableTLS</c>; clients' connection strings need <c>ssl=true</c>.</summary>
    public bool RedisTls { get; init; }

    /// <summary>Replicas per partition of the topics the production overlay creates (managed Kafka usually demands 3).</summary>
    public int KafkaReplicationFactor { get; init; } = 3;

    /// <summary>How topics are created: a provisioning Job (default) or Strimzi <c>KafkaTopic</c> resources.</summary>
    public TopicProvisioning KafkaTopics { get; init; } = TopicProvisioning.Job;

    /// <summary>The Strimzi Kafka cluster the topics belong to (their <c>strimzi.io/cluster</c> label); required with <see cref="TopicProvisioning.Strimzi"/>.</summary>
    public string? StrimziCluster { get; init; }

    /// <summary>What scales Kafka consumers: the CPU autoscaler (default) or KEDA on consumer-group lag.</summary>
    public ConsumerScaling ConsumerScaling { get; init; } = ConsumerScaling.Cpu;

    /// <summary>With KEDA: the lag (messages) one replica is expected to work off; more lag adds replicas.</summary>
    public int KedaLagThreshold { get; init; } = 10;

    /// <summary>With KEDA: the namespace its operator runs in, let through to an in-cluster development Kafka.</summary>
    public string KedaNamespace { get; init; } = "keda";

    /// <summary>Adds <c>monitoring/</c> (Prometheus Operator rules and monitors, dashboards, a collector); none leaves it out.</summary>
    public Monitoring.MonitoringOptions? Monitoring { get; init; }
}
