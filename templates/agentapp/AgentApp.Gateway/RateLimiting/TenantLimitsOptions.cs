using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>Limits for every tenant: <see cref="Defaults"/> from <c>TenantDefaults</c>, overrides from <c>Tenants:&lt;id&gt;</c>.</summary>
public sealed class TenantLimitsOptions
{
    /// <summary>The section of the defaults.</summary>
    public const string DefaultsSection = "TenantDefaults";

    /// <summary>The section of per-tenant overrides.</summary>
    public const string TenantsSection = "Tenants";

    /// <summary>What a tenant without its own section gets.</summary>
    public TenantLimits Defaults { get; set; } = new();

    /// <summary>Tenants with limits of their own, each field defaulting to <see cref="Defaults"/>.</summary>
    public Dictionary<string, TenantLimits> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The limits of <paramref name="tenant"/>.</summary>
    public TenantLimits For(string tenant) => Tenants.GetValueOrDefault(tenant) ?? Defaults;
}

/// <summary>Every limit must be positive; a failure names the setting.</summary>
public sealed class TenantLimitsValidation : IValidateOptions<TenantLimitsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TenantLimitsOptions options)
    {
        var failures = new List<string>();
        Check(TenantLimitsOptions.DefaultsSection, options.Defaults, failures);
        foreach (var (tenant, limits) in options.Tenants)
        {
            Check($"{TenantLimitsOptions.TenantsSection}:{tenant}", limits, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string section, TenantLimits limits, List<string> failures)
    {
        if (limits.RequestsPerMinute <= 0) failures.Add($"{section}:RequestsPerMinute must be positive.");
        if (limits.ConcurrentStreams <= 0) failures.Add($"{section}:ConcurrentStreams must be positive.");
        if (limits.TokensPerMinute <= 0) failures.Add($"{section}:TokensPerMinute must be positive.");
        if (limits.TokensPerDay <= 0) failures.Add($"{section}:TokensPerDay must be positive.");
    }
}
