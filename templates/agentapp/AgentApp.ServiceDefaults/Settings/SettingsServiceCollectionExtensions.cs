using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Binds options classes from configuration the one way every service does.</summary>
public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/> and validates it at start-up: its data
    /// annotations (each failure named by its full configuration key, e.g. <c>Guardrails:MaxMessageLength</c>) and any
    /// <see cref="IValidateOptions{TOptions}"/> registered beside it. Returns the builder for further configuration.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, string section) where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidation<TOptions>(section));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}

/// <summary>Data-annotation validation whose failures name the configuration key, so a bad setting is found at once.</summary>
/// <typeparam name="TOptions">The options class.</typeparam>
/// <param name="section">The section it is bound from.</param>
public sealed class SettingsValidation<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{string.Join(", ", r.MemberNames.Select(m => ConfigurationPath.Combine(section, m)).DefaultIfEmpty(section))}: {r.ErrorMessage}"));
    }
}
