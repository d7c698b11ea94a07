using System.Net.Http.Headers;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace AgentApp.Web.SignIn;

/// <summary>Puts the signed-in person's credentials on a request to the gateway, on the server.</summary>
public sealed class GatewayCredentials(IOptions<ConsoleOptions> options, AuthenticationStateProvider authentication)
{
    /// <summary>The header the gateway reads API keys from.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Adds the bearer token (OpenID Connect) or the development key.</summary>
    public async Task ApplyAsync(HttpRequestMessage request)
    {
        var console = options.Value;
        if (!console.UsesOidc)
        {
            request.Headers.Add(ApiKeyHeader, console.DevelopmentKey);
            return;
        }

        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.FindFirst(ConsoleSignInExtensions.AccessTokenClaim)?.Value is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }
}
