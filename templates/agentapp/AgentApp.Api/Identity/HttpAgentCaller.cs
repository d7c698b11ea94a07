using AgentApp.Agent;

namespace AgentApp.Api.Identity;

/// <summary>
/// The agent's caller in the api: the identity the gateway forwarded for the current request (so guardrails apply the
/// tenant's tool allowlist and audit the right tenant and subject); outside a request, the ambient caller.
/// </summary>
public sealed class HttpAgentCaller(IHttpContextAccessor accessor) : IAgentCaller
{
    private readonly AmbientAgentCaller _ambient = new();

    /// <inheritdoc />
    public string? Tenant => Identity()?.Tenant ?? _ambient.Tenant;

    /// <inheritdoc />
    public string? Subject => Identity() is { } identity ? identity.Subject : _ambient.Subject;

    private ICallerIdentity? Identity() =>
        accessor.HttpContext?.RequestServices.GetService<ICallerIdentity>();
}
