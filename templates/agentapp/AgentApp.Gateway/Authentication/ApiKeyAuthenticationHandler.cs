using AgentApp.Gateway.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AgentApp.Gateway.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AgentApp.Gateway.Authentication;

/// <summary>
/// Authenticates <c>X-Api-Key</c>, or an <c>Authorization: Bearer</c> value that is not a JWT (the way OpenAI SDKs send
/// keys). Challenges list every scheme the gateway accepts.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[EdgeHeaders.ApiKey].ToString();
        if (presented.Length == 0 && EdgeAuthenticationSchemes.BearerValue(Request) is { } bearer && !EdgeAuthenticationSchemes.LooksLikeJwt(bearer))
        {
            presented = bearer;
        }

        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var key = store.Find(presented);
        if (key is null || key.Revoked)
        {
            var reason = key is null ? "unknown_api_key" : "revoked_api_key";
            EdgeDecision.Of(Context).Reason = reason;
            EdgeDecision.Of(Context).Subject = key is null ? null : $"apikey:{key.Id}";
            return Task.FromResult(AuthenticateResult.Fail(reason));
        }

        Claim[] claims =
        [
            new(EdgeClaims.Tenant, key.Tenant),
            new(EdgeClaims.Subject, $"apikey:{key.Id}"),
            .. key.Scopes.Select(s => new Claim(EdgeClaims.Scope, s)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, EdgeClaims.Subject, null));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // Both ways in: the key header, and bearer, which carries a key (as the OpenAI SDKs send it) or, when configured, a JWT.
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"{SchemeName} header=\"{EdgeHeaders.ApiKey}\"");
        Response.Headers.Append(HeaderNames.WWWAuthenticate, EdgeAuthenticationSchemes.Bearer);
        return Task.CompletedTask;
    }
}
