using AgentApp.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Support;

/// <summary>
/// The api in memory. By default its Dapr sidecar address is a loopback port nothing listens on, as in the container-less
/// end-to-end run: memory is off. Settings and service overrides are applied on top of the real registration.
/// </summary>
public class ApiFactory : WebApplicationFactory<ApiEntryPoint>
{
    /// <summary>Configuration overrides (UseSetting), e.g. <c>DAPR_HTTP_ENDPOINT</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["DAPR_HTTP_ENDPOINT"] = Loopback.ClosedPortUrl(),
    };

    private bool _callAsGateway;

    /// <summary>The hosting environment.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>The gateway's shared secret outside Development (where the api refuses to start without one).</summary>
    public const string GatewaySecret = "test-gateway-secret-0123456789";

    /// <summary>Service overrides, applied after the app's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        if (Environment != "Development" && !Settings.ContainsKey("Gateway:Secret"))
        {
            Settings["Gateway:Secret"] = GatewaySecret;
            _callAsGateway = true;
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ConfigureServices is not null)
        {
            builder.ConfigureTestServices(ConfigureServices);
        }
    }

    /// <summary>Where the factory supplied the secret itself, its clients call as the gateway would.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (_callAsGateway)
        {
            client.DefaultRequestHeaders.Add("X-Gateway-Secret", GatewaySecret);
        }
    }
}
