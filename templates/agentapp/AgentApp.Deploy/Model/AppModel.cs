using AgentApp.Contracts;

namespace AgentApp.Deploy.Model;

/// <summary>What the cluster runs, derived from the manifest: the input of every object builder.</summary>
/// <param name="AppName">The application name, from the projects' common prefix (e.g. <c>agentapp</c>); labels and shared object names use it.</param>
/// <param name="Workloads">The .NET services, one Deployment each, in name order.</param>
/// <param name="Infrastructure">Backing services (Redis, Kafka): Secrets always, StatefulSets with <c>--with-infrastructure</c>.</param>
/// <param name="Secrets">Every Secret the workloads, components and infrastructure read, in name order.</param>
/// <param name="Components">Dapr components, in name order.</param>
/// <param name="Topics">Kafka topics the AppHost declares, by broker, in name order.</param>
public sealed record AppModel(
    string AppName,
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<InfrastructureService> Infrastructure,
    IReadOnlyList<SecretDefinition> Secrets,
    IReadOnlyList<DaprComponent> Components,
    IReadOnlyList<KafkaTopic> Topics)
{
    /// <summary>The Dapr Configuration every sidecar uses (tracing to the OTLP collector).</summary>
    public string DaprConfigurationName => $"{AppName}-dapr";

    /// <summary>True when any workload has a Dapr sidecar.</summary>
    public bool UsesDapr => Workloads.Any(w => w.Dapr is not null);
}

/// <summary>A .NET service (manifest <c>project.v0</c>).</summary>
/// <param name="Name">The resource name: Deployment, Service, ConfigMap and container name.</param>
/// <param name="Image">The image repository without registry or tag, e.g. <c>agentapp.api</c> for <c>AgentApp.Api.csproj</c>.</param>
/// <param name="Ports">Container/Service ports (the TLS bindings of run mode are left out).</param>
/// <param name="Settings">Plain environment variables: the ConfigMap.</param>
/// <param name="SecretSettings">Environment variables read from Secrets.</param>
/// <param name="External">True when a binding is external: this service gets the Ingress and accepts traffic from anywhere.</param>
/// <param name="Dapr">The Dapr sidecar, if any.</param>
/// <param name="Callers">Workloads that call this one directly (their settings point at its bindings).</param>
/// <param name="Dependencies">Infrastructure services this workload (or its sidecar's components) connects to.</param>
public sealed record Workload(
    string Name,
    string Image,
    IReadOnlyList<ServicePortSpec> Ports,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<SecretSetting> SecretSettings,
    bool External,
    DaprSidecar? Dapr,
    IReadOnlySet<string> Callers,
    IReadOnlySet<string> Dependencies)
{
    /// <summary>The HTTP port probes, Dapr and the Service use.</summary>
    public ServicePortSpec HttpPort => Ports.FirstOrDefault(p => p.Name == "http") ?? Ports[0];

    /// <summary>True when the service registers actor types.</summary>
    public bool HostsActors => Dapr?.Roles.HasFlag(DaprAppRoles.HostsActors) ?? false;

    /// <summary>The fewest partitions among the topics this service consumes; more replicas than that would sit idle.</summary>
    public int? ConsumerPartitionLimit { get; init; }
}

/// <summary>A Kafka topic (manifest: the broker's <c>topics</c>).</summary>
/// <param name="Broker">The broker resource.</param>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">Its partition count.</param>
/// <param name="ReplicationFactor">Replicas per partition as the AppHost declares it (development).</param>
/// <param name="Consumers">The workloads that consume it.</param>
public sealed record KafkaTopic(string Broker, string Name, int Partitions, int ReplicationFactor, IReadOnlyList<string> Consumers);

/// <summary>A port of a workload or infrastructure service.</summary>
/// <param name="Name">The binding name, e.g. <c>http</c> or <c>tcp</c>.</param>
/// <param name="Port">The Service port.</param>
/// <param name="TargetPort">The container port.</param>
public sealed record ServicePortSpec(string Name, int Port, int TargetPort);

/// <summary>An environment variable read from a Secret key.</summary>
/// <param name="Variable">The environment variable.</param>
/// <param name="Secret">The Secret.</param>
/// <param name="Key">The key in the Secret.</param>
/// <param name="Optional">True when the Secret or key may be absent (the variable is then unset).</param>
public sealed record SecretSetting(string Variable, string Secret, string Key, bool Optional = false);

/// <summary>A Dapr sidecar (manifest <c>dapr.v0</c>).</summary>
/// <param name="AppId">The Dapr app id.</param>
/// <param name="AppPort">The port daprd calls the app on (the app's HTTP container port).</param>
/// <param name="Components">The components it loads.</param>
/// <param name="Roles">What the app does with actors and workflows.</param>
public sealed record DaprSidecar(string AppId, int AppPort, IReadOnlyList<string> Components, DaprAppRoles Roles);

/// <summary>What kind of backing service a container is, as far as Dapr metadata is concerned.</summary>
public enum InfrastructureKind
{
    /// <summary>Something else: Secrets only, no StatefulSet.</summary>
    Other,

    /// <summary>Redis (or Valkey/Garnet): <c>state.redis</c>, <c>pubsub.redis</c>.</summary>
    Redis,

    /// <summary>Kafka: <c>pubsub.kafka</c>.</summary>
    Kafka,
}

/// <summary>A backing service with a connection string (manifest <c>container.v0</c> or <c>parameter.v0</c>).</summary>
/// <param name="Name">The resource name, also the in-cluster Service name.</param>
/// <param name="Kind">Redis, Kafka or other.</param>
/// <param name="ConnectionSecret">The Secret that holds its connection string and parts.</param>
/// <param name="Container">How to run it in the cluster, when it is a container.</param>
/// <param name="Clients">Workloads that connect to it (directly or through their sidecar's components).</param>
public sealed record InfrastructureService(
    string Name,
    InfrastructureKind Kind,
    string ConnectionSecret,
    InfrastructureContainer? Container,
    IReadOnlySet<string> Clients);

/// <summary>A container image to run as a single-node StatefulSet.</summary>
/// <param name="Image">The image as the manifest names it.</param>
/// <param name="Command">The entrypoint override, if any.</param>
/// <param name="Args">The arguments.</param>
/// <param name="Ports">Its ports.</param>
/// <param name="Settings">Plain environment variables.</param>
/// <param name="SecretSettings">Environment variables read from Secrets.</param>
public sealed record InfrastructureContainer(
    string Image,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<ServicePortSpec> Ports,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<SecretSetting> SecretSettings);

/// <summary>A Secret the operator supplies; the generator writes it with placeholders for development clusters.</summary>
/// <param name="Name">The Secret name.</param>
/// <param name="Purpose">One line for the operator: what it holds.</param>
/// <param name="Data">Key → value with placeholders (<see cref="Manifest.Placeholders"/>).</param>
public sealed record SecretDefinition(string Name, string Purpose, IReadOnlyDictionary<string, string> Data);

/// <summary>A Dapr component (manifest <c>dapr.component.v0</c>) with the metadata the AppHost declared for it.</summary>
/// <param name="Name">The component name.</param>
/// <param name="Type">The concrete type, e.g. <c>state.redis</c>.</param>
/// <param name="Version">The component version, <c>v1</c>.</param>
/// <param name="Metadata">Metadata items, in a fixed order.</param>
/// <param name="Scopes">The app ids that load it.</param>
/// <param name="Backends">The infrastructure services its metadata points at.</param>
public sealed record DaprComponent(
    string Name,
    string Type,
    string Version,
    IReadOnlyList<DaprMetadataItem> Metadata,
    IReadOnlyList<string> Scopes,
    IReadOnlySet<string> Backends)
{
    /// <summary>True for the component marked <c>actorStateStore: "true"</c>.</summary>
    public bool IsActorStateStore => Metadata.Any(m => m.Name == "actorStateStore" && m.Value == "true");
}

/// <summary>One <c>spec.metadata</c> item: a literal value or a Secret key.</summary>
/// <param name="Name">The metadata name.</param>
/// <param name="Value">A literal value.</param>
/// <param name="Secret">The Secret holding the value.</param>
/// <param name="Key">The key in <paramref name="Secret"/>.</param>
public sealed record DaprMetadataItem(string Name, string? Value = null, string? Secret = null, string? Key = null);
