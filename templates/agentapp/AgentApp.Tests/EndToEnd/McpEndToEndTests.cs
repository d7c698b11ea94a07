using Aspire.Hosting.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentApp.Tests.EndToEnd;

/// <summary>
/// The whole container-less app, as an IDE assistant would use it: the official MCP client connects to the gateway's
/// <c>/v1/mcp</c> with the generated development key (the README's recipe) and runs the agent's tools.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class McpEndToEndTests(ContainerlessAppFixture fixture)
{
    [Fact]
    public async Task An_MCP_client_with_the_dev_key_lists_the_agents_tools_and_calls_each_kind_through_the_gateway()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var key = await fixture.DevApiKeyAsync();
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/v1/mcp"),
            AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = key },
        }), cancellationToken: cts.Token);

        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        async Task<(string Text, bool? IsError)> CallAsync(string tool, string argument, string value)
        {
            var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { [argument] = value }, cancellationToken: cts.Token);
            return (Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, result.IsError);
        }

        Assert.Equal(["ask_planner", "ask_researcher", "ask_reviewer", "ask_writer", "calculate", "get_current_time", "search_knowledge", "send_email"], tools.Select(t => t.Name).Order());
        Assert.Equal("(2 + 3) * 4 = 20", (await CallAsync("calculate", "expression", "(2 + 3) * 4")).Text);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00 \(.* UTC\)$", (await CallAsync("get_current_time", "timeZone", "UTC")).Text);
        Assert.Contains("actor", (await CallAsync("search_knowledge", "query", "actors")).Text, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Findings for \"actors\": ", (await CallAsync("ask_researcher", "question", "actors")).Text, StringComparison.Ordinal);
        var email = await client.CallToolAsync("send_email", new Dictionary<string, object?> { ["to"] = "ana@example.com", ["subject"] = "Hi", ["body"] = "Hello." },
            cancellationToken: cts.Token);
        Assert.True(email.IsError);
        Assert.Contains("needs a person's approval", Assert.IsType<TextContentBlock>(Assert.Single(email.Content)).Text);
    }

    [Fact]
    public async Task An_MCP_client_without_a_key_is_refused_with_401_naming_the_schemes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        // The client fails to connect; the raw initialize request shows why.
        await Assert.ThrowsAnyAsync<Exception>(() => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/v1/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }), cancellationToken: cts.Token));
        using var initialize = await gateway.PostAsync("/v1/mcp", new StringContent(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""",
            System.Text.Encoding.UTF8, "application/json"), cts.Token);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, initialize.StatusCode);
        Assert.Contains(initialize.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
    }
}
