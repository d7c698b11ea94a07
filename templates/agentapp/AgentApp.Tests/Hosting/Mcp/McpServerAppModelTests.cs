using AgentApp.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentApp.Tests.Hosting.Mcp;

/// <summary>What <c>AddMcpServer</c> puts in the app model and hands to the services that use it.</summary>
public sealed class McpServerAppModelTests
{
    private static IDistributedApplicationBuilder Builder(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args });

    [Fact]
    public async Task A_service_gets_the_servers_url_token_and_approval_list_as_Mcp_settings()
    {
        var builder = Builder();
        var token = builder.AddParameter("search-token", secret: true);
        var search = builder.AddMcpServer("search", "https://search.example.com/mcp")
            .WithToken(token)
            .WithToolApproval("delete_index");
        var api = builder.AddProject<Projects.AgentApp_Api>("api").WithMcpServer(search);

        var environment = await EnvironmentOf(api.Resource);

        Assert.Equal("https://search.example.com/mcp", Assert.IsType<ReferenceExpression>(environment["Mcp__Servers__search__Url"]).ValueExpression);
        // The secret stays a parameter reference: resolved when the service starts, a Secret reference in the manifest.
        Assert.Same(token.Resource, environment["Mcp__Servers__search__Token"]);
        Assert.Equal("delete_index", environment["Mcp__Servers__search__RequireApproval__0"]);
        Assert.Contains(api.Resource.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == search.Resource);
    }

    [Fact]
    public void The_server_has_a_health_check_the_dashboard_shows_and_no_manifest_entry()
    {
        var search = Builder().AddMcpServer("search", "https://search.example.com/mcp").Resource;

        Assert.Equal("search_mcp_check", Assert.Single(search.Annotations.OfType<HealthCheckAnnotation>()).Key);
        Assert.Contains(search.Annotations.OfType<ManifestPublishingCallbackAnnotation>(), a => a.Callback is null);
        Assert.Equal("McpServer", Assert.Single(search.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot.ResourceType);
    }

    [Theory]
    [InlineData("search.example.com/mcp")]
    [InlineData("ftp://search.example.com/mcp")]
    public void A_url_that_is_not_absolute_http_is_refused_naming_it(string url)
    {
        var refusal = Assert.Throws<ArgumentException>(() => Builder().AddMcpServer("search", url));

        Assert.Contains(url, refusal.Message);
    }

    [Fact]
    public async Task The_health_check_is_healthy_while_the_server_answers_and_unhealthy_once_it_stops()
    {
        await using var server = await TestMcpServer.StartAsync();
        var builder = Builder();
        builder.AddMcpServer("probe", server.Url.ToString());
        using var services = builder.Services.BuildServiceProvider();
        var health = services.GetRequiredService<HealthCheckService>();

        var up = await health.CheckHealthAsync(c => c.Name == "probe_mcp_check");
        await server.StopAsync();
        var down = await health.CheckHealthAsync(c => c.Name == "probe_mcp_check");

        Assert.Equal(HealthStatus.Healthy, up.Status);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("'probe' does not answer", down.Entries.Single().Value.Description);
    }

    private static async Task<Dictionary<string, object>> EnvironmentOf(IResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run));
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables.ToDictionary();
    }
}
