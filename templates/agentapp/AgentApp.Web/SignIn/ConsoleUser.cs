using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace AgentApp.Web.SignIn;

/// <summary>Who is using this circuit: a key for per-person state and a name for the page.</summary>
public sealed class ConsoleUser(IOptions<ConsoleOptions> options, AuthenticationStateProvider authentication)
{
    /// <summary>The key and display name of the signed-in person (the development tenant with the development key).</summary>
    public async Task<(string Key, string Name)> GetAsync()
    {
        if (!options.Value.UsesOidc)
        {
            return ("development", "development key");
        }

        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var subject = user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? "unknown";
        return ($"{user.FindFirst("iss")?.Value}|{subject}", user.FindFirst("name")?.Value ?? user.Identity?.Name ?? subject);
    }
}
