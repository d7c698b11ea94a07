using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace AgentApp.Tests.Web;

/// <summary>
/// One headless Chromium per test class, driven by Playwright for .NET through the installed browser (Playwright's own
/// browser download is not used). Pages it opens are screenshotted when the test disposes them, so a test run keeps a
/// picture of every browser test's final state (<c>BROWSER_SCREENSHOTS</c>, else <c>screenshots/</c> beside the tests).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // Quiet, deterministic Chromium: no GPU, no background calls to Google services, no first-run UI. --no-sandbox
    // because CI runs as root, where Chromium's sandbox refuses to start.
    private static readonly string[] s_arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots go.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("BROWSER_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.Chromium is not { } chromium)
        {
            return; // every test here is skipped
        }

        // Generous: two loaded cores run the whole app beside the browser.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = s_arguments,
        });
    }

    /// <summary>A page in a fresh context (its own cookies), at <paramref name="width"/> × <paramref name="height"/>.</summary>
    public async Task<ConsolePage> OpenAsync(Uri address, int width = 1280, int height = 800, [CallerMemberName] string test = "")
    {
        var browser = _browser ?? throw new InvalidOperationException("No browser: the test should have been skipped.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page, address, Path.Combine(ScreenshotDirectory, $"{test}.png"));
        console.WatchRequests();
        await page.GotoAsync(address.ToString());
        // Not prerendered: the heading appears once the circuit is up and the page answers input.
        await page.Locator("h1").First.WaitForAsync();
        return console;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>An open console page; disposing it saves a screenshot of its final state, then closes it.</summary>
public sealed class ConsolePage(IBrowserContext context, IPage page, Uri origin, string screenshot) : IAsyncDisposable
{
    private readonly List<string> _foreignRequests = [];
    private bool _watching;

    /// <summary>The page.</summary>
    public IPage Page { get; } = page;

    /// <summary>Everything the browser keeps for the console: its cookies, <c>localStorage</c> and <c>sessionStorage</c>.</summary>
    public async Task<string> StoredTextAsync()
    {
        var cookies = await context.CookiesAsync();
        var storage = await Page.EvaluateAsync<string>("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])");
        return string.Join('\n', [.. cookies.Select(c => $"{c.Name}={c.Value}"), storage]);
    }

    /// <summary>Requests the page made to anywhere but the console's own origin (a CDN, a font host).</summary>
    public IReadOnlyList<string> ForeignRequests
    {
        get
        {
            lock (_foreignRequests)
            {
                return [.. _foreignRequests];
            }
        }
    }

    /// <summary>Starts recording requests that leave the console's origin (before the first navigation).</summary>
    internal void WatchRequests()
    {
        if (_watching)
        {
            return;
        }

        _watching = true;
        context.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "ws" or "wss"
                && (url.Host != origin.Host || url.Port != origin.Port))
            {
                lock (_foreignRequests)
                {
                    _foreignRequests.Add(request.Url);
                }
            }
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }
        finally
        {
            await context.DisposeAsync();
        }
    }
}
