using System.Text.Json;
using AgentApp.Tests.Tasks;
using AgentApp.Actors.Tasks.Retention;
using AgentApp.Contracts;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;
using AgentTaskMessage = AgentApp.Contracts.AgentTaskMessage;
using AgentTaskOutcome = AgentApp.Worker.Tasks.Durable.AgentTaskOutcome;
using EmailOutbox = AgentApp.Agent.Tools.EmailOutbox;

namespace AgentApp.Tests.Tasks.Durable;

/// <summary>
/// Agent tasks as durable workflows, through the api, Kafka and the worker, on a real workflow engine: each model and
/// tool call an activity, approval a step of the same workflow, the task's record and event stream as before.
/// </summary>
public sealed class DurableAgentTests(TaskWorkerFixture fixture) : IClassFixture<TaskWorkerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_task_is_one_workflow_whose_model_and_tool_calls_are_its_steps_and_it_ends_succeeded()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "what is 2 + 2?", conversationId = "durable-sum" });

        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        var events = await stream.Completion.WaitAsync(cts.Token);
        var workflow = await fixture.WorkflowStateAsync(id, cts.Token, completed: true);

        Assert.Equal(["started", "tool", "succeeded"], events.Select(e => e.Json["kind"]!.GetValue<string>()));
        Assert.Equal(["1", "2", "3"], events.Select(e => e.Id));
        Assert.Equal(WorkflowRuntimeStatus.Completed, workflow.RuntimeStatus);
        Assert.Equal("succeeded", workflow.ReadOutputAs<AgentTaskOutcome>()!.Status);
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal("succeeded", task["status"]!.GetValue<string>());
        Assert.Contains("4", task["result"]!.GetValue<string>());
        Assert.Equal(1, Count($"Task {id}: model call 1 done"));
        Assert.Equal(1, Count($"Task {id}: model call 2 done"));
        Assert.Equal(1, Count($"Task {id}: tool call calculate done"));
    }

    [Fact]
    public async Task What_a_tasks_model_calls_spend_is_debited_from_its_tenants_budget_by_the_worker()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Budgets.ConnectionString);
        async Task<long> SpentToday()
        {
            var value = await redis.GetDatabase().StringGetAsync(AgentApp.Quotas.TokenQuotaKeys.Day("development", DateTimeOffset.UtcNow));
            return value.IsNull ? 0 : (long)value;
        }

        var before = await SpentToday();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "what is 3 + 4?", conversationId = "durable-debit" });
        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await stream.Completion.WaitAsync(cts.Token);

        // Each model call is debited where it is made. Other tests of this class run tasks of the same tenant, so the
        // count may also hold theirs: it must have grown, and it cannot have without a debit.
        Assert.True(await SpentToday() > before, "the task's tokens were not debited");
    }

    [Fact]
    public async Task A_task_message_delivered_twice_starts_its_workflow_once()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "hello", conversationId = "durable-twice" });
        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await stream.Completion.WaitAsync(cts.Token);

        await fixture.Kafka.ProduceAsync("agent-tasks", "durable-twice", JsonSerializer.Serialize(
            new AgentTaskMessage(id, "development", "hello", "durable-twice", DateTimeOffset.UtcNow), JsonSerializerOptions.Web));
        await fixture.Worker.Logs.WaitForAsync($"Task {id}: workflow already started, message settled", 1, cts.Token);

        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal(["started", "succeeded"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal(1, Count($"Task {id}: model call 1 done"));
    }

    [Fact]
    public async Task Cancelled_while_waiting_for_approval_the_task_ends_at_once_and_the_call_never_runs()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var outbox = fixture.Worker.Services.GetRequiredService<EmailOutbox>();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "send an email to eve@example.com saying hi", conversationId = "durable-cancel" });
        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await stream.WaitForAsync(e => e.Json["kind"]?.GetValue<string>() == "waiting_approval", cts.Token);

        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null, cts.Token));
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        var outcome = (await fixture.WorkflowStateAsync(id, cts.Token, completed: true)).ReadOutputAs<AgentTaskOutcome>()!;

        Assert.Equal("cancelled", task["status"]!.GetValue<string>());
        Assert.Equal("cancelled", outcome.Status);
        Assert.DoesNotContain(outbox.Sent, e => e.To == "eve@example.com");
        Assert.Equal(0, Count($"Task {id}: tool call send_email done"));
    }

    [Fact]
    public async Task Retention_purges_a_finished_tasks_run_and_approval_step_through_the_workflow_host()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "send an email to fay@example.com saying bye", conversationId = "durable-purge" });
        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await stream.WaitForAsync(e => e.Json["kind"]?.GetValue<string>() == "waiting_approval", cts.Token);
        // The actors app's purge, as its retention reminder makes it: by service invocation of the worker.
        var purge = fixture.Actors.Services.GetRequiredService<ITaskWorkflowPurge>();

        Assert.Null(await purge.PurgeAsync(id, cts.Token)); // still running: not yet, the task is kept
        await TaskCalls.DecideAsync(api, id, new { approved = false, comment = "no" }, cts.Token);
        await stream.Completion.WaitAsync(cts.Token);
        await fixture.WorkflowStateAsync(id, cts.Token, completed: true);

        Assert.Equal(2, await purge.PurgeAsync(id, cts.Token));
        var workflows = fixture.Worker.Services.GetRequiredService<DaprWorkflowClient>();
        Assert.False((await workflows.GetWorkflowStateAsync(id, false, cts.Token))?.Exists ?? false);
        Assert.False((await workflows.GetWorkflowStateAsync(TaskApprovalWorkflowNames.InstanceIdFor(id), false, cts.Token))?.Exists ?? false);
        Assert.Equal(0, await purge.PurgeAsync(id, cts.Token)); // nothing left: a repeated reminder is harmless
        Assert.Contains(("worker", $"/workflows/tasks/{id}"), fixture.Sidecar.Invocations);
    }

    private int Count(string line) => fixture.Worker.Logs.Lines.Count(l => l.Contains(line, StringComparison.Ordinal));
}
