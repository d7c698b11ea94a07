using Microsoft.Extensions.Options;

namespace AgentApp.Web.SignIn;

/// <summary>
/// Refuses to start with a sign-in that cannot work or is unsafe: a development key outside Development, or no way to
/// sign in at all. Each message names the setting to fix.
/// </summary>
public sealed class ConsoleOptionsValidation(IHostEnvironment environment) : IValidateOptions<ConsoleOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        List<string> failures = [];
        if (!options.GatewayUrl.IsAbsoluteUri)
        {
            failures.Add("Console:GatewayUrl must be an absolute URL such as http://gateway.");
        }

        if (options.UsesOidc)
        {
            if (string.IsNullOrWhiteSpace(options.Oidc.ClientId))
            {
                failures.Add("Console:Oidc:ClientId is required when Console:Oidc:Authority is set.");
            }
        }
        else if (!environment.IsDevelopment())
        {
            failures.Add(string.IsNullOrEmpty(options.DevelopmentKey)
                ? "Set Console:Oidc:Authority and Console:Oidc:ClientId: outside Development people sign in with OpenID Connect."
                : "Console:DevelopmentKey is for Development only; set Console:Oidc:Authority and Console:Oidc:ClientId instead.");
        }
        else if (string.IsNullOrEmpty(options.DevelopmentKey))
        {
            failures.Add("Console:DevelopmentKey is empty: start the console from the AppHost (it passes the generated dev-api-key), " +
                         "or set Console:Oidc:Authority to sign in with OpenID Connect.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
