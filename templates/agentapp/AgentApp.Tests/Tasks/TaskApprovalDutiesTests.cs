using System.Net;
using System.Net.Http.Json;
using AgentApp.Api;
using Microsoft.AspNetCore.Hosting;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// Separation of duties at <c>POST /v1/tasks/{id}/approval</c> in the api (the gateway's route asks for the same scope,
/// see Gateway/ApprovalScopeMatrixTests): who may decide, by forwarded scopes and by who submitted the task.
/// </summary>
public sealed class TaskApprovalDutiesTests(TaskEndpointFixture fixture) : IClassFixture<TaskEndpointFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    // subject that submitted, subject that decides, scopes the gateway forwarded, expected status
    [InlineData("ana", "bo", "tasks tasks:approve", HttpStatusCode.Accepted)]
    [InlineData("ana", "bo", "tasks", HttpStatusCode.Forbidden)]
    [InlineData("ana", "bo", "chat tasks conversations", HttpStatusCode.Forbidden)]
    [InlineData("ana", "ana", "tasks tasks:approve", HttpStatusCode.Forbidden)]
    [InlineData(null, null, "", HttpStatusCode.Accepted)] // no identity on either side (no gateway in front): no person to compare
    [InlineData("ana", null, "", HttpStatusCode.Accepted)]
    [InlineData(null, "bo", "", HttpStatusCode.Accepted)]
    public async Task Who_may_decide(string? submitter, string? decider, string scopes, HttpStatusCode expected)
    {
        using var submitting = Client(fixture.Api, submitter, "tasks");
        using var deciding = Client(fixture.Api, decider, scopes);
        var id = await TaskControlEndpointTests.WaitingTaskAsync(submitting, fixture);

        using var response = await deciding.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true, comment = "checked the recipient" });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Accepted ? 1 : 0, fixture.Approvals.Raised.Count(r => r.TaskId == id));
        if (expected == HttpStatusCode.Forbidden)
        {
            var problem = await Problems.AssertAsync(response, HttpStatusCode.Forbidden);
            Assert.Contains("tasks:approve", problem["detail"]!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Self_approval_is_refused_by_default_and_audited_as_refused()
    {
        using var api = Client(fixture.Api, "ana", "tasks tasks:approve");
        var id = await TaskControlEndpointTests.WaitingTaskAsync(api, fixture);

        var problem = await Problems.AssertAsync(await api.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = true }), HttpStatusCode.Forbidden);

        Assert.Contains("submitted this task", problem["detail"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Tasks:AllowSelfApproval", problem["detail"]!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Approvals.Raised, r => r.TaskId == id);
        Assert.Equal("waiting_approval", (await Problems.OkJsonAsync(await api.GetAsync($"/v1/tasks/{id}")))["status"]!.ToString());
        using var cts = new CancellationTokenSource(s_timeout);
        await fixture.Logs.WaitForAsync($"Audit task approval refused tenant=development subject=ana task={id} reason=self_approval", 1, cts.Token);
    }

    [Fact]
    public async Task A_missing_scope_is_refused_before_the_task_is_read_and_audited()
    {
        using var api = Client(fixture.Api, "bo", "tasks");
        var unknown = $"t{Guid.NewGuid():N}";

        // 403, not 404: a caller without the scope learns nothing about which tasks exist.
        await Problems.AssertAsync(await api.PostAsJsonAsync($"/v1/tasks/{unknown}/approval", new { approved = true }), HttpStatusCode.Forbidden);

        using var cts = new CancellationTokenSource(s_timeout);
        await fixture.Logs.WaitForAsync($"Audit task approval refused tenant=development subject=bo task={unknown} reason=missing_scope", 1, cts.Token);
    }

    [Fact]
    public async Task Configuration_can_allow_self_approval()
    {
        await using var allowing = fixture.Api.WithWebHostBuilder(b => b.UseSetting("Tasks:AllowSelfApproval", "true"));
        using var api = Client(allowing, "ana", "tasks tasks:approve");
        var id = await TaskControlEndpointTests.WaitingTaskAsync(api, fixture);

        using var response = await api.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = false, comment = "wrong recipient" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, decision) = Assert.Single(fixture.Approvals.Raised, r => r.TaskId == id);
        Assert.Equal((false, "ana", "wrong recipient"), (decision.Approved, decision.DecidedBy, decision.Comment));
    }

    [Fact]
    public async Task Each_decision_is_an_audit_event_naming_who_decided_whose_task_and_why()
    {
        using var submitting = Client(fixture.Api, "ana", "tasks");
        using var deciding = Client(fixture.Api, "bo", "tasks:approve");
        var id = await TaskControlEndpointTests.WaitingTaskAsync(submitting, fixture);

        using var response = await deciding.PostAsJsonAsync($"/v1/tasks/{id}/approval", new { approved = false, comment = "not to external addresses" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var cts = new CancellationTokenSource(s_timeout);
        await fixture.Logs.WaitForAsync(
            $"Audit task approval rejected tenant=development subject=bo task={id} submitter=ana comment=not to external addresses", 1, cts.Token);
        var task = await Problems.OkJsonAsync(await submitting.GetAsync($"/v1/tasks/{id}"));
        Assert.Equal("ana", task["submittedBy"]!.ToString());
    }

    private static HttpClient Client(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ApiEntryPoint> factory, string? subject, string scopes)
    {
        var client = factory.CreateClient();
        if (subject is not null)
        {
            client.DefaultRequestHeaders.Add("X-Identity-Subject", subject);
        }

        if (scopes.Length > 0)
        {
            client.DefaultRequestHeaders.Add("X-Identity-Scopes", scopes);
        }

        return client;
    }
}
