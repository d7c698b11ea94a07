using AgentApp.Gateway.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.Authorization;

/// <summary>
/// The authorization policies routes name in <c>ReverseProxy:Routes:&lt;id&gt;:AuthorizationPolicy</c>:
/// <c>tenant</c> (any authenticated caller with a tenant) and <c>scope:&lt;name&gt;</c> (that, plus the scope), so the
/// route-to-scope map stays data. YARP's own <c>anonymous</c> opens a route.
/// </summary>
public sealed class EdgePolicies(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>Authenticated, with a tenant.</summary>
    public const string Tenant = "tenant";

    /// <summary>The prefix of a scope policy: <c>scope:chat</c>.</summary>
    public const string ScopePrefix = "scope:";

    private static readonly AuthorizationPolicy s_tenant = new AuthorizationPolicyBuilder(EdgeAuthenticationSchemes.Edge)
        .RequireAuthenticatedUser().RequireClaim(EdgeClaims.Tenant).Build();

    /// <inheritdoc />
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName == Tenant)
        {
            return s_tenant;
        }

        if (policyName.StartsWith(ScopePrefix, StringComparison.Ordinal) && policyName.Length > ScopePrefix.Length)
        {
            return new AuthorizationPolicyBuilder(s_tenant).AddRequirements(new ScopeRequirement(policyName[ScopePrefix.Length..])).Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}
