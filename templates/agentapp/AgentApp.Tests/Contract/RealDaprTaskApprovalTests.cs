using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentApp.Tests.Api;
using AgentApp.Tests.EndToEnd;

namespace AgentApp.Tests.Contract;

/// <summary>
/// The approval path end to end on real daprd (workflow engine, scheduler, placement) through the gateway of the
/// container-less AppHost: where <c>dapr init --slim</c> has been run. Skipped (not passed) elsewhere.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "RealDapr")]
public sealed class RealDaprTaskApprovalTests(ContainerlessAppFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [RealDaprFact]
    public async Task An_approved_email_task_waits_in_its_workflow_then_sends_and_succeeds()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var gateway = await fixture.CreateGatewayClientAsync();
        var id = await SubmitAsync(gateway, "send an email to ana@example.com saying the real sidecar works");
        await WaitForStatusAsync(gateway, id, "waiting_approval", cts.Token);

        using var approved = await gateway.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true, comment = "real" }, cts.Token);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        var task = await WaitForStatusAsync(gateway, id, "succeeded", cts.Token);

        Assert.Contains("sent to ana@example.com", task["result"]!.GetValue<string>());
        Assert.Equal(["started", "waiting_approval", "approved", "started", "tool", "succeeded"],
            task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [RealDaprFact]
    public async Task A_rejected_email_task_is_compensated_and_cancelled_by_its_workflow()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var gateway = await fixture.CreateGatewayClientAsync();
        var id = await SubmitAsync(gateway, "send an email to bo@example.com saying no");
        await WaitForStatusAsync(gateway, id, "waiting_approval", cts.Token);

        using var rejected = await gateway.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = false, comment = "no" }, cts.Token);
        Assert.Equal(HttpStatusCode.Accepted, rejected.StatusCode);
        var task = await WaitForStatusAsync(gateway, id, "cancelled", cts.Token);

        Assert.Contains("rejected", task["error"]!.GetValue<string>());
        Assert.Equal(["started", "waiting_approval", "compensated", "cancelled"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    internal static async Task<string> SubmitAsync(HttpClient gateway, string goal)
    {
        using var response = await gateway.PostAsJsonAsync("/v1/tasks", new { goal });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["taskId"]!.GetValue<string>();
    }

    /// <summary>Polls the task until it reaches <paramref name="status"/> (a final other status fails at once).</summary>
    internal static async Task<JsonObject> WaitForStatusAsync(HttpClient gateway, string id, string status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var task = await Problems.OkJsonAsync(await gateway.GetAsync($"/v1/tasks/{id}", cancellationToken));
            var now = task["status"]!.GetValue<string>();
            if (now == status)
            {
                return task;
            }

            Assert.False(now is "succeeded" or "failed" or "cancelled", $"task ended {now}, expected {status}: {task}");
            await Task.Delay(200, cancellationToken);
        }
    }
}
