using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AgentApp.Tests.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace AgentApp.Tests.EndToEnd;

/// <summary>
/// The running container-less app with the development tenant given a tool allowlist (api) and a small request budget
/// (gateway), as an operator sets them: the official MCP client sees only the allowed tools, a call outside the list is
/// refused, and the budget's end is a 429 with Retry-After.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class McpLimitsThroughAppHostTests
{
    private const int Budget = 12;

    [Fact]
    public async Task The_tenants_allowlist_and_request_budget_hold_for_MCP_through_the_running_app()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var app = await ConfiguredApp.StartAsync([], resource =>
        {
            resource("api")
                .WithEnvironment("Guardrails__TenantTools__development__0", "calculate")
                .WithEnvironment("Guardrails__TenantTools__development__1", "get_current_time");
            resource("gateway").WithEnvironment("Tenants__development__RequestsPerMinute", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        using var gateway = app.App.CreateHttpClient("gateway", "http");
        var recorder = new ResponseRecorder();
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/v1/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = await app.DevApiKeyAsync() },
        }, new HttpClient(recorder)), cancellationToken: cts.Token);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        var refusal = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("search_knowledge",
            new Dictionary<string, object?> { ["query"] = "actors" }, cancellationToken: cts.Token).AsTask());
        var throttled = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            for (var i = 0; i <= Budget; i++)
            {
                await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["expression"] = "1 + 1" }, cancellationToken: cts.Token);
            }
        });

        Assert.Equal(["calculate", "get_current_time"], tools.Select(t => t.Name).Order());
        Assert.Contains("not allowed", refusal.Message);
        var tooMany = Assert.Single(recorder.Responses, r => r.Status == HttpStatusCode.TooManyRequests);
        Assert.NotNull(tooMany.RetryAfter);
        Assert.InRange(tooMany.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Contains("429", throttled.ToString());
    }
}
