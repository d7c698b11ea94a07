using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AgentApp.Api.Tasks;
using AgentApp.Contracts;
using Dapr.Workflow;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Tasks;

/// <summary><c>POST /v1/tasks/{id}/cancel</c> and <c>/approval</c> through the fake sidecar to real task actors.</summary>
public sealed class TaskControlEndpointTests(TaskEndpointFixture fixture) : IClassFixture<TaskEndpointFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_queued_task_is_cancelled_once_with_the_reason_recorded_and_audited()
    {
        using var api = fixture.Api.CreateClient();
        api.DefaultRequestHeaders.Add("X-Identity-Subject", "ana");
        var id = await SubmitAsync(api);

        var cancelled = await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null));
        var again = await Problems.AssertAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null), HttpStatusCode.Conflict);

        Assert.Equal((id, "cancelled"), (cancelled["taskId"]!.GetValue<string>(), cancelled["status"]!.GetValue<string>()));
        Assert.Contains("already cancelled", again["detail"]!.GetValue<string>());
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}"));
        Assert.Equal(("cancelled", "cancelled by ana"), (task["status"]!.GetValue<string>(), task["error"]!.GetValue<string>()));
        Assert.Equal(["cancelled"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        using var cts = new CancellationTokenSource(s_timeout);
        await fixture.Logs.WaitForAsync($"Audit task cancel tenant=development subject=ana task={id}", 1, cts.Token);
    }

    [Fact]
    public async Task A_running_task_is_cancelled_and_the_worker_can_neither_record_nor_finish_it()
    {
        using var api = fixture.Api.CreateClient();
        var id = await SubmitAsync(api);
        var actor = fixture.Actor(id);
        await actor.StartAsync(new StartTaskRequest("w1"));

        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null));

        Assert.Null(await actor.RecordStepAsync(new RecordStepRequest("tool", "calculate")));
        Assert.Null(await actor.CompleteAsync(new CompleteTaskRequest(true, "late", null)));
        Assert.False((await actor.StartAsync(new StartTaskRequest("w2"))).Run);
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}"));
        Assert.Equal(["started", "cancelled"], task["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Finished_tasks_are_409_and_other_tenants_unknown_and_bad_ids_are_404_or_400()
    {
        using var api = fixture.Api.CreateClient();
        using var other = fixture.Api.CreateClient();
        other.DefaultRequestHeaders.Add("X-Identity-Tenant", "tenant-b");
        var id = await SubmitAsync(api);
        var actor = fixture.Actor(id);
        await actor.StartAsync(new StartTaskRequest("w1"));
        await actor.CompleteAsync(new CompleteTaskRequest(true, "4", null));

        var finished = await Problems.AssertAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await other.PostAsync($"/v1/tasks/{id}/cancel", null), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await api.PostAsync($"/v1/tasks/t{Guid.NewGuid():N}/cancel", null), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await api.PostAsync("/v1/tasks/nope/cancel", null), HttpStatusCode.BadRequest, "id");

        Assert.Contains("already succeeded", finished["detail"]!.GetValue<string>());
        Assert.Equal("succeeded", (await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_approval_of_a_waiting_task_goes_to_its_workflow_and_is_audited()
    {
        using var api = fixture.Api.CreateClient();
        api.DefaultRequestHeaders.Add("X-Identity-Subject", "bo");
        using var submitter = fixture.Api.CreateClient();
        submitter.DefaultRequestHeaders.Add("X-Identity-Subject", "ana");
        var id = await WaitingTaskAsync(submitter, fixture);

        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}"));
        using var response = await api.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true, comment = "ship it" });

        Assert.Equal("send_email", task["approval"]!["call"]!["toolName"]!.GetValue<string>()); // what the person approves
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/v1/tasks/{id}", response.Headers.Location!.OriginalString);
        var (taskId, decision) = Assert.Single(fixture.Approvals.Raised, r => r.TaskId == id);
        Assert.Equal(new ApprovalEvent(true, "bo", "ship it"), decision);
        using var cts = new CancellationTokenSource(s_timeout);
        await fixture.Logs.WaitForAsync($"Audit task approval approved tenant=development subject=bo task={taskId} submitter=ana comment=ship it", 1, cts.Token);
    }

    [Fact]
    public async Task A_rejection_is_raised_too_and_only_waiting_tasks_take_decisions()
    {
        using var api = fixture.Api.CreateClient();
        using var other = fixture.Api.CreateClient();
        other.DefaultRequestHeaders.Add("X-Identity-Tenant", "tenant-b");
        using var approver = fixture.Api.CreateClient();
        approver.DefaultRequestHeaders.Add("X-Identity-Subject", "bo");
        var waiting = await WaitingTaskAsync(api, fixture);
        var queued = await SubmitAsync(api);

        using var rejected = await approver.PostAsJsonAsync($"/v1/tasks/{waiting}/approval", new { approved = false });
        var notWaiting = await Problems.AssertAsync(await api.PostAsJsonAsync($"/v1/tasks/{queued}/approval", new { approved = true }), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await other.PostAsJsonAsync($"/v1/tasks/{waiting}/approval", new { approved = true }), HttpStatusCode.NotFound);
        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{waiting}/cancel", null));
        await Problems.AssertAsync(await api.PostAsJsonAsync($"/v1/tasks/{waiting}/approval", new { approved = true }), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.Accepted, rejected.StatusCode);
        Assert.Contains("queued, not waiting", notWaiting["detail"]!.GetValue<string>());
        // The rejection, then the cancel's own (the fake workflow does not act on the first, so the task was still waiting).
        Assert.Equal([false, false], fixture.Approvals.Raised.Where(r => r.TaskId == waiting).Select(r => r.Decision.Approved));
        Assert.DoesNotContain(fixture.Approvals.Raised, r => r.TaskId == queued);
    }

    [Fact]
    public async Task Cancelling_a_waiting_task_ends_its_approval_workflow_now_and_cancelling_others_tells_no_workflow()
    {
        using var api = fixture.Api.CreateClient();
        api.DefaultRequestHeaders.Add("X-Identity-Subject", "ana");
        var waiting = await WaitingTaskAsync(api, fixture);
        var queued = await SubmitAsync(api);

        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{waiting}/cancel", null));
        await Problems.OkJsonAsync(await api.PostAsync($"/v1/tasks/{queued}/cancel", null));

        // Without this the workflow would wait out Tasks:ApprovalTimeout before finding the task already cancelled.
        var (_, decision) = Assert.Single(fixture.Approvals.Raised, r => r.TaskId == waiting);
        Assert.Equal((false, "ana", "the task was cancelled"), (decision.Approved, decision.DecidedBy, decision.Comment));
        Assert.DoesNotContain(fixture.Approvals.Raised, r => r.TaskId == queued);
        var task = await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{waiting}"));
        Assert.Equal("cancelled", task["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}", "approved")]
    [InlineData("""{"approved":null}""", "approved")]
    [InlineData("""{"approved":"yes"}""", "approved")]
    [InlineData("null", "body")]
    public async Task Bad_decisions_are_400_naming_the_field(string json, string field)
    {
        using var api = fixture.Api.CreateClient();
        var id = await WaitingTaskAsync(api, fixture);

        await Problems.AssertAsync(await api.PostAsync($"/v1/tasks/{id}/approval", new StringContent(json, Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, field);

        Assert.DoesNotContain(fixture.Approvals.Raised, r => r.TaskId == id);
    }

    [Fact]
    public async Task An_overlong_comment_is_400_naming_it()
    {
        using var api = fixture.Api.CreateClient();
        var id = await WaitingTaskAsync(api, fixture);

        await Problems.AssertAsync(await api.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true, comment = new string('x', 1001) }),
            HttpStatusCode.BadRequest, "comment");
    }

    [Fact]
    public async Task With_the_sidecar_up_but_no_workflow_engine_an_approval_is_503_naming_the_fix_within_seconds()
    {
        await using var real = fixture.Api.WithWebHostBuilder(b =>
        {
            b.UseSetting("DAPR_GRPC_ENDPOINT", Loopback.ClosedPortUrl());
            b.UseSetting("Tasks:WorkflowCallTimeout", "00:00:01");
            b.ConfigureTestServices(s => s.AddSingleton<ITaskApprovalWorkflows, DaprTaskApprovalWorkflows>());
        });
        using var api = real.CreateClient();
        using var approver = real.CreateClient();
        approver.DefaultRequestHeaders.Add("X-Identity-Subject", "bo");
        var id = await WaitingTaskAsync(api, fixture);
        var clock = Stopwatch.StartNew();

        var problem = await Problems.AssertAsync(await approver.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true }),
            HttpStatusCode.ServiceUnavailable);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("dapr init --slim", problem["detail"]!.GetValue<string>());
        Assert.Contains("workflow engine", problem["detail"]!.GetValue<string>());
        Assert.Equal("waiting_approval", (await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_sidecar_cancel_approval_and_events_answer_503_naming_the_fix_within_seconds()
    {
        await using var factory = new ApiFactory(); // sidecar address: a closed loopback port
        using var api = factory.CreateClient();
        var id = $"t{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();

        var cancel = await Problems.AssertAsync(await api.PostAsync($"/v1/tasks/{id}/cancel", null), HttpStatusCode.ServiceUnavailable);
        var approval = await Problems.AssertAsync(await api.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true }), HttpStatusCode.ServiceUnavailable);
        var events = await Problems.AssertAsync(await api.GetAsync($"/v1/tasks/{id}/events"), HttpStatusCode.ServiceUnavailable);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.All(new[] { cancel, approval, events }, p => Assert.Contains("dapr init --slim", p["detail"]!.GetValue<string>()));
    }

    [Fact]
    public void The_api_has_a_workflow_client_but_hosts_no_workflow_runtime()
    {
        Assert.NotNull(fixture.Api.Services.GetRequiredService<IDaprWorkflowClient>());
        Assert.DoesNotContain(fixture.Api.Services.GetServices<IHostedService>(), s => s.GetType().Assembly == typeof(DaprWorkflowClient).Assembly);
    }

    internal static async Task<string> SubmitAsync(HttpClient api)
    {
        using var response = await api.PostAsJsonAsync("/v1/tasks", new { goal = "send an email to ana@example.com saying hi" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["taskId"]!.GetValue<string>();
    }

    /// <summary>A task a worker parked at send_email, as the worker does it (through the sidecar).</summary>
    internal static async Task<string> WaitingTaskAsync(HttpClient api, TaskEndpointFixture fixture)
    {
        var id = await SubmitAsync(api);
        var actor = fixture.Actor(id);
        await actor.StartAsync(new StartTaskRequest("w1"));
        Assert.NotNull(await actor.RequestApprovalAsync(new ToolCallForApproval("req-1", "call-1", "send_email", """{"to":"ana@example.com"}""")));
        return id;
    }
}
