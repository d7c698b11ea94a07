using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using EmailOutbox = AgentApp.Agent.Tools.EmailOutbox;

namespace AgentApp.Tests.Web;

/// <summary>
/// The console's task view in a real browser, on the real task path: the worker runs each task as a workflow on the
/// in-memory engine, stops it at a tool that needs a person, and the page's decision continues or ends that workflow.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConsoleTaskTests(ConsoleTaskFixture backend, BrowserFixture browser)
    : IClassFixture<ConsoleTaskFixture>, IClassFixture<BrowserFixture>
{
    // The worker runs the task between the page's steps: room for a loaded machine.
    private static readonly LocatorAssertionsToHaveTextOptions s_run = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions s_runVisible = new() { Timeout = 60_000 };

    [BrowserFact]
    public async Task A_task_that_waits_for_approval_is_approved_in_the_page_and_its_workflow_sends_the_email_once()
    {
        await using var console = await browser.OpenAsync(new Uri(backend.Console, "tasks"));
        var page = console.Page;
        await SubmitUntilApprovalAsync(page, "send an email to ana@example.com saying the report is ready");
        await Expect(page.GetByTestId("status")).ToContainTextAsync("waits for your approval to run send_email");

        await page.GetByLabel("Comment (optional)").FillAsync("fine by me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("succeeded", s_run);
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("The task succeeded.");
        var timeline = await page.GetByTestId("timeline").Locator("li strong").AllTextContentsAsync();
        Assert.Equal(["started", "waiting_approval", "approved"], timeline.Take(3));
        Assert.Equal("succeeded", timeline[^1]);
        Assert.Single(Outbox.Sent, e => e.To == "ana@example.com");
        Assert.Empty(console.ForeignRequests);
    }

    [BrowserFact]
    public async Task A_task_that_waits_for_approval_is_rejected_in_the_page_and_its_workflow_compensates_and_cancels()
    {
        await using var console = await browser.OpenAsync(new Uri(backend.Console, "tasks"));
        var page = console.Page;
        await SubmitUntilApprovalAsync(page, "send an email to bo@example.com saying the launch moved");

        await page.GetByLabel("Comment (optional)").FillAsync("not before Monday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("cancelled", s_run);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval needed" })).ToBeHiddenAsync();
        var timeline = await page.GetByTestId("timeline").Locator("li strong").AllTextContentsAsync();
        Assert.Equal(["started", "waiting_approval", "compensated", "cancelled"], timeline);
        // The person's reason travels with the rejection into the task's record.
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("not before Monday");
        Assert.DoesNotContain(Outbox.Sent, e => e.To == "bo@example.com");
        Assert.Empty(console.ForeignRequests);
    }

    [BrowserFact]
    public async Task A_task_cancelled_from_the_page_while_it_waits_ends_at_once_and_the_development_key_never_reaches_the_browser()
    {
        await using var console = await browser.OpenAsync(new Uri(backend.Console, "tasks"));
        var page = console.Page;
        await SubmitUntilApprovalAsync(page, "send an email to cy@example.com saying hello");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" }).ClickAsync();

        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("cancelled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel task" })).ToBeHiddenAsync();
        Assert.DoesNotContain(Outbox.Sent, e => e.To == "cy@example.com");
        // The console calls the api with its key from the server: cookies and web storage hold no trace of it.
        Assert.DoesNotContain(ConsoleTaskFixture.DevelopmentKey, await console.StoredTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleTaskFixture.DevelopmentKey, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(console.ForeignRequests);
    }

    private EmailOutbox Outbox => backend.Backend.Worker.Services.GetRequiredService<EmailOutbox>();

    private static async Task SubmitUntilApprovalAsync(IPage page, string goal)
    {
        await page.GetByLabel("Goal").FillAsync(goal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit task" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval needed" })).ToBeVisibleAsync(s_runVisible);
        await Expect(page.GetByTestId("task-status")).ToHaveTextAsync("waiting_approval");
    }
}
