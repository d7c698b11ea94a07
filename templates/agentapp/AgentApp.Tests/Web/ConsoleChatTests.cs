using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentApp.Tests.Web;

/// <summary>
/// The console in a real browser, served by the real gateway of the container-less AppHost (offline model, no daprd):
/// chat streaming with tools, the sidecar-absent hint, keyboard-only use in a narrow window.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
[Trait("Category", "Browser")]
public sealed partial class ConsoleChatTests(ContainerlessAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Records every text a reply showed, from the DOM's own change records: the offline model answers in microseconds,
    // so several updates can land in one browser task, but each is still a separate change to the reply's text.
    private const string RecordReplies = """
        () => {
          window.replyStates = [];
          const record = text => { if (text && window.replyStates[window.replyStates.length - 1] !== text) window.replyStates.push(text); };
          new MutationObserver(records => {
            for (const r of records) {
              const reply = (r.target.nodeType === Node.TEXT_NODE ? r.target.parentElement : r.target)?.closest('[data-testid=reply]');
              if (!reply) continue;
              if (r.type === 'characterData') record(r.oldValue);
              else for (const n of r.addedNodes) record(n.textContent);
            }
            const replies = document.querySelectorAll('[data-testid=reply]');
            if (replies.length) record(replies[replies.length - 1].textContent);
          }).observe(document.body, { subtree: true, childList: true, characterData: true, characterDataOldValue: true });
        }
        """;

    private Uri Console => app.App.GetEndpoint("gateway", "http");

    [BrowserFact]
    public async Task A_chat_reply_streams_token_by_token_and_shows_the_calculator_call_inline()
    {
        await using var console = await browser.OpenAsync(Console);
        var page = console.Page;
        await page.EvaluateAsync(RecordReplies);

        await SendAsync(page, "what is 12 * (3 + 4)?", "usage", async () =>
        {
            await page.GetByLabel("Message").FillAsync("what is 12 * (3 + 4)?");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        });

        var reply = (await page.GetByTestId("reply").Last.TextContentAsync())!;
        var states = await page.EvaluateAsync<string[]>("() => window.replyStates");
        Assert.Contains("84", reply);
        Assert.True(states.Length >= 3, $"The reply appeared in {states.Length} step(s), not token by token: {string.Join(" | ", states)}");
        Assert.All(states, s => Assert.StartsWith(s, reply));
        Assert.Equal(states.OrderBy(s => s.Length), states);

        // The tool call is inline, collapsed, and opens to its result.
        var tool = page.GetByTestId("tool-call").Last;
        await Expect(tool.Locator("summary")).ToContainTextAsync("calculate");
        await Expect(tool.Locator("summary")).ToContainTextAsync("12 * (3 + 4)");
        await Expect(tool.GetByTestId("tool-result")).ToBeHiddenAsync();
        await tool.Locator("summary").ClickAsync();
        await Expect(tool.GetByTestId("tool-result")).ToHaveTextAsync("12 * (3 + 4) = 84");

        await Expect(page.GetByTestId("usage").Last).ToHaveTextAsync(UsageLine());
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Reply complete.");
        Assert.Empty(console.ForeignRequests);
    }

    [BrowserFact(WithoutDaprd = true)]
    public async Task Without_a_sidecar_the_console_shows_the_apis_own_memory_hint()
    {
        var apiHint = await MemoryHintAsync();
        await using var console = await browser.OpenAsync(Console);
        var page = console.Page;

        await SendAsync(page, "hello there", "hint", async () =>
        {
            await page.GetByLabel("Message").FillAsync("hello there");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        });
        await Expect(page.GetByTestId("hint")).ToHaveTextAsync(apiHint);

        // Opening it from the list asks the api for its history: the same hint, as the api words the 503.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        await Expect(page.GetByTestId("hint")).ToHaveCountAsync(0);
        var open = page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Button, new() { Name = "hello there" });
        for (var attempt = 1; ; attempt++)
        {
            await open.ClickAsync();
            await Expect(page.GetByTestId("hint")).ToBeVisibleAsync();
            if (!(await page.GetByTestId("hint").TextContentAsync())!.Contains(GatewayBusy) || attempt == 5)
            {
                break;
            }
        }

        await Expect(page.GetByTestId("hint")).ToHaveTextAsync($"Conversation memory is unavailable. {apiHint}");
        Assert.Contains("dapr init --slim", apiHint);
    }

    [BrowserFact]
    public async Task A_message_is_sent_and_its_tool_call_opened_with_the_keyboard_alone_in_a_narrow_window()
    {
        await using var console = await browser.OpenAsync(Console, width: 360, height: 740);
        var page = console.Page;

        for (var presses = 0; await ActiveElementIdAsync(page) != "message"; presses++)
        {
            Assert.True(presses < 25, "Tab never reached the message field.");
            await page.Keyboard.PressAsync("Tab");
        }

        await SendAsync(page, "what is 6 * 7?", "usage", async () =>
        {
            await page.Keyboard.TypeAsync("what is 6 * 7?");
            await page.Keyboard.PressAsync("Enter");
        });
        Assert.Contains("42", await page.GetByTestId("reply").Last.TextContentAsync());

        // Back from the field to the tool call (the last control before it), and open it.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("SUMMARY", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("tool-call").Last.GetByTestId("tool-result")).ToHaveTextAsync("6 * 7 = 42");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The page scrolls sideways at 360 px.");
        await Expect(page.GetByTestId("status")).ToHaveAttributeAsync("aria-live", "polite");
    }

    // The gateway's own 503 when its Redis calls fail, which a loaded 2-core machine provokes now and then: the edge's
    // availability, not the console's behaviour, so the person's obvious move (send again) is what the test does too.
    private const string GatewayBusy = "cannot reach its rate-limit store";

    /// <summary>Sends with <paramref name="send"/> until the turn ends in <paramref name="outcome"/> (a test id), not in the gateway's 503.</summary>
    private static async Task SendAsync(IPage page, string message, string outcome, Func<Task> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var turns = await page.Locator("li.turn").CountAsync();
            await send();
            var turn = page.Locator("li.turn").Nth(turns);
            var ended = turn.GetByTestId("usage").Or(turn.Locator(".error")).Or(page.GetByTestId(outcome));
            await Expect(ended.First).ToBeVisibleAsync();
            var error = await turn.Locator(".error").AllTextContentsAsync();
            if (error.Count == 0 || !error[0].Contains(GatewayBusy) || attempt == 5)
            {
                Assert.True(error.Count == 0, $"Sending '{message}' failed: {string.Join(' ', error)}");
                await Expect(page.GetByTestId(outcome).Last).ToBeVisibleAsync();
                return;
            }
        }
    }

    // What the api answers for a conversation's history without a sidecar. The gateway's first Redis calls after start can
    // be refused (503 from the edge, not the api): ask again until the api's own answer comes.
    private async Task<string> MemoryHintAsync()
    {
        using var gateway = await app.CreateGatewayClientAsync();
        string? hint = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await gateway.GetAsync($"/v1/conversations/c{Guid.NewGuid():N}");
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            hint = problem?["title"]?.GetValue<string>() == "Conversation memory is unavailable." ? problem["detail"]!.GetValue<string>() : null;
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && hint is not null;
        }, "the api's conversation-memory 503");
        return hint!;
    }

    private static Task<string> ActiveElementIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");

    [GeneratedRegex(@"^Tokens: \d+ in, \d+ out, \d+ total\. Cost: ", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UsageLine();
}
