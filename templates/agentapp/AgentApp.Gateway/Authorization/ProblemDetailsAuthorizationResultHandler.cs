using AgentApp.Gateway.Headers;
using AgentApp.Gateway.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AgentApp.Gateway.Authorization;

/// <summary>401 (with the schemes' <c>WWW-Authenticate</c>) and 403 as ProblemDetails, and the decision for the audit log.</summary>
public sealed class ProblemDetailsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private const string NoCredentials = "no_credentials";

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
            decision.Reason ??= NoCredentials;
            foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(null))
            {
                await (scheme is null ? context.ChallengeAsync() : context.ChallengeAsync(scheme));
            }

            var (detail, code) = Unauthenticated(decision.Reason);
            await EdgeProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", detail, code);
            return;
        }

        decision.Outcome = "forbidden";
        decision.Reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "forbidden";
        await EdgeProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            decision.Reason.StartsWith("missing_scope:", StringComparison.Ordinal)
                ? $"The credential lacks the '{decision.Reason["missing_scope:".Length..]}' scope this route needs."
                : "The credential does not allow this route.");
    }

    // A missing credential and a wrong one need different fixes, so they get different words (and OpenAI-style codes).
    private static (string Detail, string Code) Unauthenticated(string reason) => reason switch
    {
        NoCredentials => ($"No credentials were sent: send an API key in {EdgeHeaders.ApiKey} or as 'Authorization: Bearer <key>', or a bearer token.",
            "missing_api_key"),
        "unknown_api_key" => ("The API key is not valid: no key with this value exists. Check the key you sent.", "invalid_api_key"),
        "revoked_api_key" => ("The API key has been revoked; use another key.", "invalid_api_key"),
        "expired_token" => ("The bearer token has expired; get a new one.", "invalid_token"),
        _ => ($"The bearer token was refused ({reason.Replace('_', ' ')}).", "invalid_token"),
    };
}
