using System.Text.Json.Nodes;

namespace AgentApp.Deploy.Manifest;

/// <summary>An endpoint of a manifest resource (<c>bindings.&lt;name&gt;</c>).</summary>
/// <param name="Name">The binding name, e.g. <c>http</c> or <c>tcp</c>.</param>
/// <param name="Scheme">The URI scheme, e.g. <c>http</c>, <c>https</c>, <c>tcp</c>, <c>redis</c>.</param>
/// <param name="Transport">The transport, e.g. <c>http</c>, <c>http2</c>, <c>tcp</c>.</param>
/// <param name="Port">The port callers use, when the manifest fixes one.</param>
/// <param name="TargetPort">The port the process listens on, when the manifest fixes one.</param>
/// <param name="External">True when the binding is meant to be reachable from outside the cluster.</param>
public sealed record ManifestBinding(string Name, string Scheme, string Transport, int? Port, int? TargetPort, bool External)
{
    /// <summary>Reads one binding object.</summary>
    public static ManifestBinding From(string name, JsonObject json) => new(
        name,
        json["scheme"]?.GetValue<string>() ?? "tcp",
        json["transport"]?.GetValue<string>() ?? "tcp",
        json["port"]?.GetValue<int>(),
        json["targetPort"]?.GetValue<int>(),
        json["external"]?.GetValue<bool>() ?? false);

    /// <summary>True for bindings that carry TLS in Aspire's run mode (<c>https</c>). In the cluster TLS ends at the ingress.</summary>
    public bool IsTls => Scheme is "https";
}
