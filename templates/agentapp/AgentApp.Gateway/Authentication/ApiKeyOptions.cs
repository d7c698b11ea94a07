using System.ComponentModel.DataAnnotations;

namespace AgentApp.Gateway.Authentication;

/// <summary>
/// API keys (configuration section <c>Authentication</c>). Only SHA-256 hashes are configured; the one exception is the
/// development key the AppHost generates, which arrives in plain text and is hashed at start.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Authentication";

    /// <summary>The tenant the development key belongs to.</summary>
    public const string DevelopmentTenant = "development";

    /// <summary>Keys by id: <c>Authentication:ApiKeys:&lt;id&gt;</c>.</summary>
    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>The AppHost's <c>dev-api-key</c> parameter, plain text; bound to <see cref="DevelopmentTenant"/> with every scope.</summary>
    public string? DevelopmentKey { get; set; }

    /// <summary>Every scope a route may ask for; the development key gets all of them.</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>One API key: its hash, tenant and scopes.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Lower- or upper-case hex SHA-256 of the key's UTF-8 bytes (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    [Required, RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Sha256 must be 64 hex digits.")]
    public string Sha256 { get; set; } = "";

    /// <summary>The tenant the key acts for.</summary>
    [Required, RegularExpression(EdgeClaims.TenantPattern, ErrorMessage = "Tenant must be 1-64 of A-Z a-z 0-9 . _ -.")]
    public string Tenant { get; set; } = "";

    /// <summary>Scopes the key grants.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>A revoked key is refused (401) but kept, so the audit log can say which key was tried.</summary>
    public bool Revoked { get; set; }
}
