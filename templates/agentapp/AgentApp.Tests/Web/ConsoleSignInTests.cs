using Microsoft.Extensions.Hosting.Internal;
using AgentApp.Web.SignIn;

namespace AgentApp.Tests.Web;

/// <summary>The console starts only with a sign-in that works and is safe for its environment.</summary>
public sealed class ConsoleSignInTests
{
    [Theory]
    [InlineData("Development", "dev-key", "", "", null)]
    [InlineData("Development", "", "", "", "Console:DevelopmentKey is empty")]
    [InlineData("Production", "dev-key", "", "", "Console:DevelopmentKey is for Development only")]
    [InlineData("Production", "", "", "", "Set Console:Oidc:Authority and Console:Oidc:ClientId")]
    [InlineData("Production", "", "https://login.example.com", "", "Console:Oidc:ClientId is required")]
    [InlineData("Production", "", "https://login.example.com", "console", null)]
    public void Settings_are_checked_at_start_naming_the_one_to_fix(string environment, string developmentKey, string authority,
        string clientId, string? failure)
    {
        var options = new ConsoleOptions { DevelopmentKey = developmentKey, Oidc = { Authority = authority, ClientId = clientId } };

        var result = new ConsoleOptionsValidation(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.Contains(failure, Assert.Single(result.Failures!));
        }
    }
}
