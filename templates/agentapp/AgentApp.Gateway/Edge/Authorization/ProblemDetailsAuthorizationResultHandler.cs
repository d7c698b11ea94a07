using AgentApp.Gateway.Edge.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AgentApp.Gateway.Edge.Authorization;

/// <summary>401 (with the schemes' <c>WWW-Authenticate</c>) and 403 as ProblemDetails, and the decision for the audit log.</summary>
public sealed class ProblemDetailsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }

        var decision = EdgeDecision.Of(context);
        if (result.Challenged)
        {
            decision.Outcome = "unauthenticated";
            decision.Reason ??= "no_credentials";
            foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(null))
            {
                await (scheme is null ? context.ChallengeAsync() : context.ChallengeAsync(scheme));
            }

            await EdgeProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required",
                $"Send an API key in {EdgeHeaders.ApiKey} or a bearer token.");
            return;
        }

        decision.Outcome = "forbidden";
        decision.Reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "forbidden";
        await EdgeProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            decision.Reason.StartsWith("missing_scope:", StringComparison.Ordinal)
                ? $"The credential lacks the '{decision.Reason["missing_scope:".Length..]}' scope this route needs."
                : "The credential does not allow this route.");
    }
}
