namespace AgentApp.Hosting;

/// <summary>
/// A Kafka broker: the <c>confluentinc/confluent-local</c> container, or in Local infrastructure mode an in-process
/// librdkafka mock cluster that speaks the same protocol on a loopback port.
/// </summary>
/// <param name="name">The resource name; also the connection string name (<c>ConnectionStrings__{name}</c>).</param>
public class KafkaServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The endpoint host processes use (container port 9092).</summary>
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The endpoint other containers use (container port 9093).</summary>
    internal const string InternalEndpointName = "internal";

    private EndpointReference? _primaryEndpoint;
    private EndpointReference? _internalEndpoint;

    /// <summary>The broker endpoint for host processes; the connection string points here.</summary>
    // Always resolved on the host network: this is the address a process on the developer's machine dials.
    public EndpointReference PrimaryEndpoint =>
        _primaryEndpoint ??= new(this, PrimaryEndpointName, KnownNetworkIdentifiers.LocalhostNetwork);

    /// <summary>The broker endpoint for containers on the Aspire container network.</summary>
    public EndpointReference InternalEndpoint =>
        _internalEndpoint ??= new(this, InternalEndpointName, KnownNetworkIdentifiers.DefaultAspireContainerNetwork);

    /// <summary>The host of <see cref="PrimaryEndpoint"/>.</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    /// <summary>The port of <see cref="PrimaryEndpoint"/>.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary>The bootstrap servers, <c>host:port</c>, as Confluent.Kafka's <c>BootstrapServers</c> expects them.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        yield return new("Host", ReferenceExpression.Create($"{Host}"));
        yield return new("Port", ReferenceExpression.Create($"{Port}"));
    }
}
