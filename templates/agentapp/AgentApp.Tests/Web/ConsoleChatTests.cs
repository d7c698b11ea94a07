using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentApp.Tests.EndToEnd;
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
    // Records every text the newest reply shows, so the test sees the reply grow rather than only its end.
    private const string RecordReplies = """
        () => {
          window.replyStates = [];
          new MutationObserver(() => {
            const replies = document.querySelectorAll('[data-testid=reply]');
            const text = replies.length ? replies[replies.length - 1].textContent : '';
            if (text && window.replyStates[window.replyStates.length - 1] !== text) window.replyStates.push(text);
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    private Uri Console => app.App.GetEndpoint("gateway", "http");

    [BrowserFact]
    public async Task A_chat_reply_streams_token_by_token_and_shows_the_calculator_call_inline()
    {
        await using var console = await browser.OpenAsync(Console);
        var page = console.Page;
        await page.EvaluateAsync(RecordReplies);

        await page.GetByLabel("Message").FillAsync("what is 12 * (3 + 4)?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByTestId("usage")).ToBeVisibleAsync();

        var reply = (await page.GetByTestId("reply").TextContentAsync())!;
        var states = await page.EvaluateAsync<string[]>("() => window.replyStates");
        Assert.Contains("84", reply);
        Assert.True(states.Length >= 3, $"The reply appeared in {states.Length} step(s), not token by token: {string.Join(" | ", states)}");
        Assert.All(states, s => Assert.StartsWith(s, reply));
        Assert.Equal(states.OrderBy(s => s.Length), states);

        // The tool call is inline, collapsed, and opens to its result.
        var tool = page.GetByTestId("tool-call");
        await Expect(tool.Locator("summary")).ToContainTextAsync("calculate");
        await Expect(tool.Locator("summary")).ToContainTextAsync("12 * (3 + 4)");
        await Expect(tool.Locator("output")).ToBeHiddenAsync();
        await tool.Locator("summary").ClickAsync();
        await Expect(tool.Locator("output")).ToHaveTextAsync("84");

        await Expect(page.GetByTestId("usage")).ToHaveTextAsync(UsageLine());
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reply complete.");
        Assert.Empty(console.ForeignRequests);
    }

    [BrowserFact(WithoutDaprd = true)]
    public async Task Without_a_sidecar_the_console_shows_the_apis_own_memory_hint()
    {
        using var gateway = await app.CreateGatewayClientAsync();
        var problem = await gateway.GetAsync($"/v1/conversations/c{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.StatusCode);
        var apiHint = JsonNode.Parse(await problem.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        await using var console = await browser.OpenAsync(Console);
        var page = console.Page;

        await page.GetByLabel("Message").FillAsync("hello there");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByTestId("hint")).ToHaveTextAsync(apiHint);

        // Opening it from the list asks the api for its history: the same hint, as the api words the 503.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        await Expect(page.GetByTestId("hint")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Button, new() { Name = "hello there" }).ClickAsync();
        await Expect(page.GetByTestId("hint")).ToContainTextAsync(apiHint);
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

        await page.Keyboard.TypeAsync("what is 6 * 7?");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("usage")).ToBeVisibleAsync();
        Assert.Contains("42", await page.GetByTestId("reply").TextContentAsync());

        // Back from the field to the tool call (the last control before it), and open it.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("SUMMARY", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("tool-call").Locator("output")).ToHaveTextAsync("42");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The page scrolls sideways at 360 px.");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveAttributeAsync("aria-live", "polite");
    }

    private static Task<string> ActiveElementIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");

    [GeneratedRegex(@"^Tokens: \d+ in, \d+ out, \d+ total\. Cost: ", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UsageLine();
}
