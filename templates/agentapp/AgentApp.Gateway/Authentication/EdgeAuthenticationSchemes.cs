using AgentApp.Gateway.Headers;
using Microsoft.Net.Http.Headers;

namespace AgentApp.Gateway.Authentication;

/// <summary>Which schemes are on, and which one a request's credential belongs to.</summary>
/// <param name="JwtEnabled">Whether <c>Authentication:Jwt:Authority</c> is configured.</param>
public sealed record EdgeAuthenticationSchemes(bool JwtEnabled)
{
    /// <summary>The policy scheme that picks API key or JWT per request.</summary>
    public const string Edge = "Edge";

    /// <summary>The JWT bearer scheme.</summary>
    public const string Bearer = "Bearer";

    /// <summary>The scheme that should authenticate this request.</summary>
    public string Select(HttpRequest request) =>
        JwtEnabled && BearerValue(request) is { } token && LooksLikeJwt(token) && request.Headers[EdgeHeaders.ApiKey].Count == 0
            ? Bearer
            : ApiKeyAuthenticationHandler.SchemeName;

    /// <summary>The value of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? BearerValue(HttpRequest request)
    {
        var value = request.Headers[HeaderNames.Authorization].ToString();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;
    }

    /// <summary>Three dot-separated parts: a compact JWS.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}
