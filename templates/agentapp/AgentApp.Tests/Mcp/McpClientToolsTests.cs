using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;
using McpClientTools = AgentApp.Agent.Tools.Mcp.McpClientTools;

namespace AgentApp.Tests.Mcp;

/// <summary>
/// A remote MCP server declared to the api (<c>Mcp:Servers:probe</c>, what the AppHost's <c>AddMcpServer</c> writes)
/// becomes tools of the agent: the offline model, asked to use one, calls it through the agent's pipeline.
/// </summary>
public sealed class McpClientToolsTests : IAsyncLifetime
{
    private TestMcpServer _server = null!;

    public async Task InitializeAsync() => _server = await TestMcpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // Real HTTP (Kestrel), so a client that leaves aborts the request as it would in production.
    private KestrelApi Api(params (string Key, string? Value)[] settings) => new(
    [
        ("Mcp:Servers:probe:Url", _server.Url.ToString()),
        ("Mcp:RefreshInterval", "00:00:00.500"),
        ("Mcp:RequestTimeout", "00:00:02"),
        .. settings,
    ]);

    [Fact]
    public async Task An_offline_chat_that_asks_for_the_servers_tool_calls_it_through_the_agent()
    {
        await using var api = Api();
        using var client = api.CreateClient();
        await WaitForHealthAsync(client, "Healthy");

        var body = await ChatAsync(client, "please use the probe__echo tool with hello from the test");

        Assert.Contains("echo: hello from the test", body["reply"]!.GetValue<string>());
        var call = Assert.Single(body["toolCalls"]!.AsArray());
        Assert.Equal("probe__echo", call!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_the_server_stopped_chat_still_answers_and_health_is_degraded_until_it_returns()
    {
        await using var api = Api();
        using var client = api.CreateClient();
        await WaitForHealthAsync(client, "Healthy");

        await _server.StopAsync();
        await WaitForHealthAsync(client, "Degraded");
        var body = await ChatAsync(client, "use the probe__echo tool with anyone there?");

        Assert.Contains("probe__echo tool for that, but it is not available here", body["reply"]!.GetValue<string>());
        Assert.Empty(body["toolCalls"]!.AsArray());

        await _server.RestartAsync();
        await WaitForHealthAsync(client, "Healthy");
        Assert.Contains("echo: back again", (await ChatAsync(client, "use the probe__echo tool with back again"))["reply"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_the_server_adds_is_discovered_from_its_change_notification()
    {
        // Only the server's notifications/tools/list_changed can explain a discovery within the test's time.
        await _server.DisposeAsync();
        _server = await TestMcpServer.StartAsync(stateful: true);
        await using var api = Api(("Mcp:RefreshInterval", "01:00:00"));
        using var client = api.CreateClient();
        await WaitForHealthAsync(client, "Healthy");
        var remote = api.Services.GetRequiredService<McpClientTools>();

        _server.AddTool(McpServerTool.Create((string text) => text.ToUpperInvariant(), new() { Name = "shout", Description = "Shouts." }));

        await Poll.UntilAsync(() => remote.Current.Any(t => t.Name == "probe__shout"), "probe__shout among the agent's tools");
        Assert.Contains("HELLO", (await ChatAsync(client, "use the probe__shout tool with hello"))["reply"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tools_flagged_for_approval_wait_for_a_person_and_the_tenant_allowlist_applies()
    {
        await using var approval = Api(("Mcp:Servers:probe:RequireApproval:0", "echo"));
        await using var allowlisted = Api(("Guardrails:TenantTools:development:0", "calculate"));
        using var approvalClient = approval.CreateClient();
        using var allowlistedClient = allowlisted.CreateClient();
        await WaitForHealthAsync(approvalClient, "Healthy");
        await WaitForHealthAsync(allowlistedClient, "Healthy");

        var needsApproval = await ChatAsync(approvalClient, "use the probe__echo tool with hi");
        var withheld = await ChatAsync(allowlistedClient, "use the probe__echo tool with hi");

        Assert.Contains("probe__echo tool needs a person's approval", needsApproval["reply"]!.GetValue<string>());
        Assert.DoesNotContain("echo: hi", needsApproval["reply"]!.GetValue<string>());
        Assert.Contains("not available here", withheld["reply"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chat_client_that_leaves_mid_call_cancels_the_remote_tool()
    {
        var id = Guid.NewGuid().ToString("N");
        await using var api = Api();
        using var client = api.CreateClient();
        await WaitForHealthAsync(client, "Healthy");
        using var leave = new CancellationTokenSource();

        var chat = client.PostAsJsonAsync("/v1/chat", new { message = $"use the probe__wait tool with {id}" }, leave.Token);
        await _server.Started.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30));
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat);
        await _server.Cancelled.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<JsonNode> ChatAsync(HttpClient client, string message) =>
        await AgentApp.Tests.Support.Problems.OkJsonAsync(await client.PostAsJsonAsync("/v1/chat", new { message }));

    private static Task WaitForHealthAsync(HttpClient client, string status) =>
        Poll.UntilAsync(async () => await client.GetStringAsync("/health") == status, $"/health to say {status}");
}
