using AgentApp.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentApp.Tests.Web;

/// <summary>The console's task view in a real browser, against task actors behind the fake sidecar.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleTaskTests(ConsoleTaskFixture backend, BrowserFixture browser)
    : IClassFixture<ConsoleTaskFixture>, IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task A_task_that_waits_for_approval_is_approved_in_the_page_and_completes()
    {
        await using var console = await browser.OpenAsync(new Uri(backend.Console, "tasks"));
        var page = console.Page;

        await page.GetByLabel("Goal").FillAsync("send an email to ana@example.com saying the report is ready");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit task" }).ClickAsync();
        var id = (await page.GetByTestId("task-id").TextContentAsync())!.Trim();
        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("queued");

        // The worker runs it and stops at a tool that needs a person.
        var actor = backend.Actor(id);
        await actor.StartAsync(new StartTaskRequest("w1"));
        await actor.RequestApprovalAsync(new ToolCallForApproval("r1", "call-1", "send_email", """{"to":"ana@example.com"}"""));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval needed" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("waiting_approval");
        await Expect(page.GetByTestId("status")).ToContainTextAsync("waits for your approval to run send_email");

        await page.GetByLabel("Comment (optional)").FillAsync("fine by me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Poll.UntilAsync(() => backend.Approvals.Raised.Any(r => r.TaskId == id), "the page's approval to reach the workflow engine");
        var decision = backend.Approvals.Raised.Single(r => r.TaskId == id).Decision;
        Assert.Equal((true, "fine by me"), (decision.Approved, decision.Comment));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval needed" })).ToBeHiddenAsync();

        // The workflow continues the task; the worker runs it again and finishes it.
        Assert.True((await actor.ApproveAsync(new ApproveTaskRequest(decision.DecidedBy, decision.Comment))).Continue);
        await actor.StartAsync(new StartTaskRequest("w2"));
        await actor.RecordStepAsync(new RecordStepRequest("tool", "send_email"));
        await actor.CompleteAsync(new CompleteTaskRequest(true, "Sent the email to ana@example.com.", null));

        await Expect(page.GetByTestId("task-result")).ToHaveTextAsync("Sent the email to ana@example.com.");
        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("succeeded");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("The task succeeded.");
        var timeline = await page.GetByTestId("timeline").Locator("li strong").AllTextContentsAsync();
        Assert.Equal(["started", "waiting_approval", "approved", "started", "tool", "succeeded"], timeline);
        Assert.Empty(console.ForeignRequests);
    }

    [BrowserFact]
    public async Task A_task_that_waits_for_approval_is_rejected_in_the_page_with_a_comment_and_shows_the_compensation()
    {
        await using var console = await browser.OpenAsync(new Uri(backend.Console, "tasks"));
        var page = console.Page;
        var id = await SubmitAsync(page, "send an email to bo@example.com saying the launch moved");

        var actor = backend.Actor(id);
        await actor.StartAsync(new StartTaskRequest("w1"));
        await actor.RequestApprovalAsync(new ToolCallForApproval("r1", "call-1", "send_email", """{"to":"bo@example.com"}"""));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval needed" })).ToBeVisibleAsync();

        await page.GetByLabel("Comment (optional)").FillAsync("not before Monday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Poll.UntilAsync(() => backend.Approvals.Raised.Any(r => r.TaskId == id), "the page's rejection to reach the workflow engine");
        var decision = backend.Approvals.Raised.Single(r => r.TaskId == id).Decision;
        Assert.Equal((false, "not before Monday"), (decision.Approved, decision.Comment));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval needed" })).ToBeHiddenAsync();

        // The workflow compensates: the pending call is discarded, and the page's timeline says so.
        await actor.CompensateAsync(new CompensateTaskRequest("rejected: not before Monday"));
        await Expect(page.GetByTestId("timeline").Locator("li strong").Last).ToHaveTextAsync(TaskStepKinds.Compensated);
        Assert.Empty(console.ForeignRequests);
    }

    [BrowserFact]
    public async Task A_queued_task_is_cancelled_from_the_page_and_the_development_key_never_reaches_the_browser()
    {
        await using var console = await browser.OpenAsync(new Uri(backend.Console, "tasks"));
        var page = console.Page;
        var id = await SubmitAsync(page, "summarise the release notes");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" }).ClickAsync();

        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("cancelled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" })).ToBeHiddenAsync();
        await Expect(page.GetByTestId("timeline").Locator("li strong").Last).ToHaveTextAsync(TaskStepKinds.Cancelled);
        // The console calls the gateway with its key from the server: cookies and web storage hold no trace of it.
        var stored = await console.StoredTextAsync();
        Assert.DoesNotContain(ConsoleTaskFixture.DevelopmentKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleTaskFixture.DevelopmentKey, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(console.ForeignRequests);
    }

    private static async Task<string> SubmitAsync(IPage page, string goal)
    {
        await page.GetByLabel("Goal").FillAsync(goal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit task" }).ClickAsync();
        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("queued");
        return (await page.GetByTestId("task-id").TextContentAsync())!.Trim();
    }
}
