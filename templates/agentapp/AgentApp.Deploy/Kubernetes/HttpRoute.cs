using AgentApp.Deploy.Model;
using k8s;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>A Gateway API <c>gateway.networking.k8s.io/v1</c> HTTPRoute (no model in KubernetesClient).</summary>
public sealed class HttpRouteResource : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "gateway.networking.k8s.io/v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "HTTPRoute";

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Parent Gateway, host names and rules.</summary>
    public HttpRouteSpec Spec { get; set; } = new();

    private static string Duration(TimeSpan value) => $"{(long)value.TotalSeconds}s";

    /// <summary>Builds the route for the external service, attached to <see cref="GeneratorOptions.ParentGateway"/>.</summary>
    public static HttpRouteResource Build(AppModel app, Workload workload, GeneratorOptions options)
    {
        var parent = options.ParentGateway.Split('/', 2);
        return new HttpRouteResource
        {
            Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
            Spec = new HttpRouteSpec
            {
                ParentRefs = [parent.Length == 2 ? new HttpRouteParentRef { Namespace = parent[0], Name = parent[1] } : new HttpRouteParentRef { Name = parent[0] }],
                Hostnames = options.Host is null ? null : [options.Host],
                Rules =
                [
                    new HttpRouteRule
                    {
                        Matches = [new HttpRouteMatch { Path = new HttpPathMatch { Type = "PathPrefix", Value = "/" } }],
                        BackendRefs = [new HttpBackendRef { Name = workload.Name, Port = workload.HttpPort.Port }],
                        // Event streams stay open as long as the longest one the gateway serves.
                        Timeouts = new HttpRouteTimeouts { Request = Duration(options.StreamTimeout), BackendRequest = Duration(options.StreamTimeout) },
                    },
                ],
            },
        };
    }
}

/// <summary>A rule's timeouts (Gateway API durations such as <c>3600s</c>).</summary>
public sealed class HttpRouteTimeouts
{
    /// <summary>The whole request, from the client's first byte to the response's last.</summary>
    public string? Request { get; set; }

    /// <summary>One request to the backend.</summary>
    public string? BackendRequest { get; set; }
}

/// <summary><c>spec</c> of an HTTPRoute.</summary>
public sealed class HttpRouteSpec
{
    /// <summary>The Gateways the route attaches to.</summary>
    public IList<HttpRouteParentRef> ParentRefs { get; set; } = [];

    /// <summary>Host names; none matches the Gateway's.</summary>
    public IList<string>? Hostnames { get; set; }

    /// <summary>Routing rules.</summary>
    public IList<HttpRouteRule> Rules { get; set; } = [];
}

/// <summary>A parent Gateway reference.</summary>
public sealed class HttpRouteParentRef
{
    /// <summary>The Gateway name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The Gateway namespace; none means the route's.</summary>
    public string? Namespace { get; set; }
}

/// <summary>A rule: matches and backends.</summary>
public sealed class HttpRouteRule
{
    /// <summary>Request matches.</summary>
    public IList<HttpRouteMatch> Matches { get; set; } = [];

    /// <summary>Backend Services.</summary>
    public IList<HttpBackendRef> BackendRefs { get; set; } = [];

    /// <summary>Request timeouts.</summary>
    public HttpRouteTimeouts? Timeouts { get; set; }
}

/// <summary>A request match.</summary>
public sealed class HttpRouteMatch
{
    /// <summary>The path match.</summary>
    public HttpPathMatch Path { get; set; } = new();
}

/// <summary>A path match.</summary>
public sealed class HttpPathMatch
{
    /// <summary><c>PathPrefix</c> or <c>Exact</c>.</summary>
    public string Type { get; set; } = "PathPrefix";

    /// <summary>The path.</summary>
    public string Value { get; set; } = "/";
}

/// <summary>A backend Service and port.</summary>
public sealed class HttpBackendRef
{
    /// <summary>The Service.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The Service port.</summary>
    public int Port { get; set; }
}
