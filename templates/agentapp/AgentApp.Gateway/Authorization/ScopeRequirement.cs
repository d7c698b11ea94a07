using AgentApp.Gateway.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AgentApp.Gateway.Authorization;

/// <summary>The caller must hold <paramref name="Scope"/>.</summary>
/// <param name="Scope">The scope a route needs.</param>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>Checks <see cref="ScopeRequirement"/> against the scopes of either credential type.</summary>
public sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (EdgeClaims.ScopesOf(context.User).Contains(requirement.Scope))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"missing_scope:{requirement.Scope}"));
        }

        return Task.CompletedTask;
    }
}
