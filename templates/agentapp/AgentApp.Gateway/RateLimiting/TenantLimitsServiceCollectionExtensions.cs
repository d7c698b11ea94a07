using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>Registers the tenants' limits.</summary>
public static class TenantLimitsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TenantLimitsOptions"/> from both sections, layering each tenant over the defaults, and validates
    /// them at start.
    /// </summary>
    public static IServiceCollection AddTenantLimits(this IServiceCollection services)
    {
        services.AddOptions<TenantLimitsOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                configuration.GetSection(TenantLimitsOptions.DefaultsSection).Bind(options.Defaults);
                foreach (var tenant in configuration.GetSection(TenantLimitsOptions.TenantsSection).GetChildren())
                {
                    var limits = options.Defaults with { };
                    tenant.Bind(limits);
                    options.Tenants[tenant.Key] = limits;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TenantLimitsOptions>, TenantLimitsValidation>();
        return services;
    }
}
