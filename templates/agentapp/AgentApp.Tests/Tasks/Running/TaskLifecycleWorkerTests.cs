using System.Text.Json;
using AgentApp.Agent.Tools;
using AgentApp.Contracts;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>
/// Following, cancelling and approving tasks that the real worker runs as workflows (mock Kafka over TCP, a real workflow
/// engine in memory, fake sidecar, actors app); approval is a step of the task's workflow, decided through the api.
/// </summary>
public sealed class TaskLifecycleWorkerTests(TaskWorkerFixture fixture) : IClassFixture<TaskWorkerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_real_run_streams_its_events_with_their_sequence_numbers_and_closes()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "what is 2 + 2?", conversationId = "conv-sse" });

        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        var events = await stream.Completion.WaitAsync(cts.Token);

        Assert.Equal(["1", "2", "3"], events.Select(e => e.Id));
        Assert.Equal(["status", "progress", "result"], events.Select(e => e.Type));
        Assert.Equal(["started", "tool", "succeeded"], events.Select(e => e.Json["kind"]!.GetValue<string>()));
        Assert.Equal("calculate", events[1].Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_running_task_cancelled_stops_at_once_and_ends_cancelled_not_failed_nor_dead_lettered()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        const string goal = "think slowly about the plan";
        var id = await TaskCalls.SubmitAsync(api, new { goal, conversationId = "conv-slow" });
        while (!fixture.Worker.Slow.Blocked.ContainsKey(goal))
        {
            await Task.Delay(20, cts.Token);
        }

        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null, cts.Token));
        var events = await stream.Completion.WaitAsync(cts.Token);
        await fixture.Worker.Logs.WaitForAsync($"Task {id} was cancelled: stopped", 1, cts.Token);
        var next = await TaskCalls.SubmitAsync(api, new { goal = "hello", conversationId = "conv-slow" }); // the same lane is free again
        using var nextStream = await TaskEventReader.OpenAsync(api, next, "0", cts.Token);
        var nextEvents = await nextStream.Completion.WaitAsync(cts.Token);

        Assert.Contains(goal, fixture.Worker.Slow.Cancelled); // the model call itself was stopped
        Assert.Equal(["started", "cancelled"], events.Select(e => e.Json["kind"]!.GetValue<string>()));
        Assert.Equal(["1", "2"], events.Select(e => e.Id));
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal(("cancelled", 1), (task["status"]!.GetValue<string>(), task["attempts"]!.GetValue<int>()));
        Assert.Equal("succeeded", nextEvents[^1].Json["kind"]!.GetValue<string>());
        Assert.DoesNotContain(fixture.Worker.Logs.Lines, l => l.Contains(id, StringComparison.Ordinal) && l.Contains("dead-lettered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_cancelled_before_a_worker_takes_it_is_never_run()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var id = TaskActorType.IdFor("development", $"never-{Guid.NewGuid():N}");
        await Actor(id).CreateAsync(new CreateTaskRequest("development", "what is 3 + 3?", "conv-never", null));
        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null, cts.Token));

        // Its message arrives late (as from a slow producer), followed by another task on the same key, so the same partition.
        await fixture.Kafka.ProduceAsync("agent-tasks", "conv-never", JsonSerializer.Serialize(
            new AgentTaskMessage(id, "development", "what is 3 + 3?", "conv-never", DateTimeOffset.UtcNow), JsonSerializerOptions.Web));
        var later = await TaskCalls.SubmitAsync(api, new { goal = "hello", conversationId = "conv-never" });
        using var laterStream = await TaskEventReader.OpenAsync(api, later, "0", cts.Token);
        await laterStream.Completion.WaitAsync(cts.Token);

        await fixture.Worker.Logs.WaitForAsync($"Task {id} is already cancelled: skipped", 1, cts.Token);
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal(("cancelled", 0), (task["status"]!.GetValue<string>(), task["attempts"]!.GetValue<int>()));
        Assert.Equal(["cancelled"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_plan_needing_approval_waits_in_its_workflow_and_once_approved_sends_the_email_exactly_once()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var outbox = fixture.Worker.Services.GetRequiredService<EmailOutbox>();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "Send an email to ana@example.com saying the report is ready", conversationId = "conv-mail" });
        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await stream.WaitForAsync(e => e.Json["kind"]?.GetValue<string>() == "waiting_approval", cts.Token);

        var workflow = await fixture.WorkflowStateAsync(TaskApprovalWorkflowNames.InstanceIdFor(id), cts.Token);
        Assert.Equal(WorkflowRuntimeStatus.Running, workflow.RuntimeStatus);
        Assert.DoesNotContain(outbox.Sent, e => e.To == "ana@example.com"); // nothing sent before a person said yes
        var waiting = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal("waiting_approval", waiting["status"]!.GetValue<string>());
        Assert.Contains("ana@example.com", waiting["approval"]!["call"]!["argumentsJson"]!.GetValue<string>());

        // A person approves: the api hands the decision to the worker, which raises it on the task's approval step.
        await TaskCalls.DecideAsync(api, id, new { approved = true, comment = "fine" }, cts.Token);

        var events = await stream.Completion.WaitAsync(cts.Token);
        Assert.Equal(["started", "waiting_approval", "approved", "started", "tool", "succeeded"], events.Select(e => e.Json["kind"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), events.Select(e => e.Id));
        Assert.Equal("send_email", events[4].Json["detail"]!.GetValue<string>());
        var sent = Assert.Single(outbox.Sent, e => e.To == "ana@example.com");
        Assert.Equal("the report is ready", sent.Body);
        var done = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Contains($"{sent.MessageId} sent to ana@example.com", done["result"]!.GetValue<string>());
        Assert.Equal(("approved", "development"), (done["approval"]!["decision"]!.GetValue<string>(), done["approval"]!["decidedBy"]!.GetValue<string>()));
        Assert.True((await fixture.WorkflowStateAsync(TaskApprovalWorkflowNames.InstanceIdFor(id), cts.Token, completed: true))
            .ReadOutputAs<ApprovalEvent>()!.Approved);
        Assert.Equal(1, fixture.Engine.Activities.Snapshot().Single(a => a.Instance == id && a.Name == "CallToolActivity").Completions);
        Assert.Contains(("worker", $"/workflows/tasks/{id}/approval"), fixture.Sidecar.Invocations); // through the host, not the api's sidecar
    }

    [Fact]
    public async Task A_rejected_approval_discards_the_call_and_cancels_the_task_with_the_reason()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var api = fixture.Api.CreateClient();
        var outbox = fixture.Worker.Services.GetRequiredService<EmailOutbox>();
        var id = await TaskCalls.SubmitAsync(api, new { goal = "send an email to bo@example.com saying lunch is off", conversationId = "conv-reject" });
        using var stream = await TaskEventReader.OpenAsync(api, id, "0", cts.Token);
        await stream.WaitForAsync(e => e.Json["kind"]?.GetValue<string>() == "waiting_approval", cts.Token);

        // A person rejects: the workflow compensates, then cancels.
        await TaskCalls.DecideAsync(api, id, new { approved = false, comment = "not today" }, cts.Token);
        const string reason = "send_email rejected by development: not today";

        var events = await stream.Completion.WaitAsync(cts.Token);
        Assert.Equal(["started", "waiting_approval", "compensated", "cancelled"], events.Select(e => e.Json["kind"]!.GetValue<string>()));
        Assert.Equal(["status", "status", "progress", "status"], events.Select(e => e.Type));
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}", cts.Token));
        Assert.Equal(("cancelled", reason), (task["status"]!.GetValue<string>(), task["error"]!.GetValue<string>()));
        Assert.DoesNotContain(outbox.Sent, e => e.To == "bo@example.com");
    }

    private ActorProxyFactory Proxies() => new(new ActorProxyOptions { HttpEndpoint = fixture.Sidecar.Endpoint });

    private ITaskActor Actor(string id) => new TaskActorClient(Proxies().Create(new ActorId(id), TaskActorType.Name), CancellationToken.None);
}
