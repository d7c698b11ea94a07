namespace AgentApp.Api.Identity;

/// <summary>Who is calling: the one place endpoints learn the tenant that owns what they touch.</summary>
public interface ICallerIdentity
{
    /// <summary>The tenant; conversations belong to it.</summary>
    string Tenant { get; }

    /// <summary>The authenticated subject (a user or client id), when the gateway forwarded one.</summary>
    string? Subject { get; }

    /// <summary>The granted scopes, when the gateway forwarded them.</summary>
    IReadOnlyList<string> Scopes { get; }
}

/// <summary>A resolved <see cref="ICallerIdentity"/>.</summary>
public sealed record CallerIdentity(string Tenant, string? Subject, IReadOnlyList<string> Scopes) : ICallerIdentity;
