namespace AgentApp.Gateway.Authentication;

/// <summary>JWT bearer tokens (configuration section <c>Authentication:Jwt</c>); off unless <see cref="Authority"/> is set.</summary>
public sealed class JwtOptions
{
    public const string Section = "Authentication:Jwt";

    /// <summary>The issuer whose OpenID metadata and signing keys are trusted.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the tenant.</summary>
    public string TenantClaim { get; set; } = EdgeClaims.Tenant;

    /// <summary>Only for a local identity provider on plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether JWTs are accepted at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
