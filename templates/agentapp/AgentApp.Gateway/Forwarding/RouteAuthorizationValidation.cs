using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.Forwarding;

/// <summary>The part of each YARP route the edge insists on.</summary>
public sealed class ProxyRoutesOptions
{
    /// <summary>Routes by id (<c>ReverseProxy:Routes</c>).</summary>
    public Dictionary<string, ProxyRouteAuthorization> Routes { get; set; } = [];
}

/// <summary>A route's authorization policy name.</summary>
public sealed class ProxyRouteAuthorization
{
    /// <summary><c>anonymous</c>, <c>tenant</c> or <c>scope:&lt;name&gt;</c>.</summary>
    public string? AuthorizationPolicy { get; set; }
}

/// <summary>
/// A route without <c>AuthorizationPolicy</c> would be open to anyone; the gateway refuses to start instead.
/// Open routes say so with <c>"anonymous"</c>.
/// </summary>
public sealed class RouteAuthorizationValidation : IValidateOptions<ProxyRoutesOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ProxyRoutesOptions options)
    {
        var open = options.Routes.Where(r => string.IsNullOrWhiteSpace(r.Value.AuthorizationPolicy)).Select(r => r.Key).ToList();
        return open.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(open.Select(id =>
                $"ReverseProxy:Routes:{id}:AuthorizationPolicy is not set; use \"anonymous\", \"tenant\" or \"scope:<name>\"."));
    }
}
