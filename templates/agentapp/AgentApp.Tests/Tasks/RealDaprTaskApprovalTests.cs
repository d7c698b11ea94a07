using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// The approval step of a task's workflow end to end on real daprd (the worker hosts the workflow in its sidecar's engine,
/// the api hands decisions to it by service invocation) through the gateway of the container-less AppHost: where
/// <c>dapr init --slim</c> has been run. Skipped (not passed) elsewhere. The same scenarios run on the in-memory engine
/// in the task worker tests.
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
        var id = await WaitingTaskAsync(gateway, "send an email to ana@example.com saying the real sidecar works", cts.Token);

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
        var id = await WaitingTaskAsync(gateway, "send an email to bo@example.com saying no", cts.Token);

        using var rejected = await gateway.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = false, comment = "no" }, cts.Token);
        Assert.Equal(HttpStatusCode.Accepted, rejected.StatusCode);
        var task = await WaitForStatusAsync(gateway, id, "cancelled", cts.Token);

        Assert.Contains("rejected", task["error"]!.GetValue<string>());
        Assert.Equal(["started", "waiting_approval", "compensated", "cancelled"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [RealDaprFact]
    public async Task An_email_task_cancelled_while_waiting_ends_at_once_and_its_workflow_ends_cancelled()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var gateway = await fixture.CreateGatewayClientAsync();
        var id = await WaitingTaskAsync(gateway, "send an email to cy@example.com saying never mind", cts.Token);

        using var cancelled = await gateway.PostAsync($"/v1/tasks/{id}/cancel", null, cts.Token);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var task = await Problems.OkJsonAsync(await gateway.GetAsync($"/v1/tasks/{id}", cts.Token));

        Assert.Equal("cancelled", task["status"]!.GetValue<string>());
        Assert.DoesNotContain("tool", task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    /// <summary>Submits <paramref name="goal"/> and waits until its task waits for a person's approval.</summary>
    private static async Task<string> WaitingTaskAsync(HttpClient gateway, string goal, CancellationToken cancellationToken)
    {
        using var response = await gateway.PostAsJsonAsync("/v1/tasks", new { goal }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var id = JsonNode.Parse(body)!["taskId"]!.GetValue<string>();
        await WaitForStatusAsync(gateway, id, "waiting_approval", cancellationToken);
        return id;
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
