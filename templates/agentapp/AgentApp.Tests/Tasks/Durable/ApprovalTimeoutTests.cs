using AgentApp.Tests.Tasks;
using Microsoft.Extensions.DependencyInjection;
using AgentTaskOutcome = AgentApp.Worker.Tasks.Durable.AgentTaskOutcome;
using EmailOutbox = AgentApp.Agent.Tools.EmailOutbox;

namespace AgentApp.Tests.Tasks.Durable;

/// <summary>A worker whose approvals expire after one second (<c>Tasks:ApprovalTimeout</c>), the shortest the setting allows.</summary>
public sealed class ShortApprovalTimeoutFixture : TaskWorkerFixture
{
    /// <inheritdoc />
    protected override void Configure(WorkerFactory worker) => worker.Settings["Tasks:ApprovalTimeout"] = "00:00:01";
}

/// <summary>
/// Nobody decides: the approval step's durable timer fires (the engine's own, no clock in the test), the pending call is
/// discarded and the task ends cancelled with the reason.
/// </summary>
public sealed class ApprovalTimeoutTests(ShortApprovalTimeoutFixture fixture) : IClassFixture<ShortApprovalTimeoutFixture>
{
    [Fact]
    public async Task An_approval_nobody_gives_in_time_compensates_and_ends_the_task_cancelled_without_the_call()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var api = fixture.Api.CreateClient();
        var outbox = fixture.Worker.Services.GetRequiredService<EmailOutbox>();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "send an email to gus@example.com saying later", conversationId = "timeout" });

        await Poll.UntilAsync(async () => (await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token)))["status"]!.GetValue<string>() == "cancelled",
            "the task to end cancelled once its approval timed out", TimeSpan.FromMinutes(1));

        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal(["started", "waiting_approval", "compensated", "cancelled"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal("nobody approved send_email within 00:00:01", task["error"]!.GetValue<string>());
        Assert.Equal("discarded", task["approval"]!["decision"]!.GetValue<string>());
        var outcome = (await fixture.WorkflowStateAsync(id, cts.Token, completed: true)).ReadOutputAs<AgentTaskOutcome>()!;
        Assert.Equal("cancelled", outcome.Status);
        Assert.DoesNotContain(outbox.Sent, e => e.To == "gus@example.com");
        Assert.DoesNotContain(fixture.Engine.Activities.Snapshot(), a => a.Instance == id && a.Name == "CallToolActivity");
    }
}
