using System.Security.Claims;

namespace AgentApp.Gateway.Authentication;

/// <summary>The claims every edge credential (API key or JWT) is reduced to.</summary>
public static class EdgeClaims
{
    /// <summary>The tenant the caller belongs to.</summary>
    public const string Tenant = "tenant";

    /// <summary>Who the caller is.</summary>
    public const string Subject = "sub";

    /// <summary>Granted scopes; a value may hold several, space-separated (the OAuth form).</summary>
    public const string Scope = "scope";

    /// <summary>
    /// The one rule for tenant names, from API keys and JWTs alike: 1-64 of <c>A-Z a-z 0-9 . _ -</c>, so no spaces
    /// around it (which would give "tenant-b " its own rate-limit bucket yet tenant-b's data) and nothing a header cannot carry.
    /// </summary>
    public const string TenantPattern = "^[A-Za-z0-9._-]{1,64}$";

    /// <summary>Whether <paramref name="tenant"/> follows <see cref="TenantPattern"/>.</summary>
    public static bool IsValidTenant(string? tenant) =>
        tenant is { Length: >= 1 and <= 64 } && tenant.AsSpan().IndexOfAnyExcept(s_tenantCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> s_tenantCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>The tenant of an authenticated caller, or null.</summary>
    public static string? TenantOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(Tenant)?.Value : null;

    /// <summary>The subject of an authenticated caller, or null.</summary>
    public static string? SubjectOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(Subject)?.Value : null;

    /// <summary>Every scope granted, from <c>scope</c> and <c>scp</c> claims, split on spaces.</summary>
    public static IReadOnlyCollection<string> ScopesOf(ClaimsPrincipal user) =>
        user.FindAll(c => c.Type is Scope or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
}
