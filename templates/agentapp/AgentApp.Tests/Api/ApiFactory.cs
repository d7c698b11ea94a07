extern alias api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ApiProgram = api::Program;

namespace AgentApp.Tests.Api;

/// <summary>
/// The api in memory. By default its Dapr sidecar address is a loopback port nothing listens on, as in the container-less
/// end-to-end run: memory is off. Settings and service overrides are applied on top of the real registration.
/// </summary>
public class ApiFactory : WebApplicationFactory<ApiProgram>
{
    /// <summary>Configuration overrides (UseSetting), e.g. <c>DAPR_HTTP_ENDPOINT</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["DAPR_HTTP_ENDPOINT"] = Loopback.ClosedPortUrl(),
    };

    /// <summary>The hosting environment.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Service overrides, applied after the app's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ConfigureServices is not null)
        {
            builder.ConfigureTestServices(ConfigureServices);
        }
    }
}
