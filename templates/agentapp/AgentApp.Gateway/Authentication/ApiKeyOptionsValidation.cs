using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.Authentication;

/// <summary>Fails start-up on a malformed key entry, naming it.</summary>
public sealed class ApiKeyOptionsValidation : IValidateOptions<ApiKeyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, entry) in options.ApiKeys)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(entry, new ValidationContext(entry), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{ApiKeyOptions.Section}:ApiKeys:{id}: {r.ErrorMessage}"));
            }
        }

        if (options.DevelopmentKey is { Length: > 0 and < 16 })
        {
            failures.Add($"{ApiKeyOptions.Section}:DevelopmentKey is shorter than 16 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
