using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace AgentApp.Tests.Mcp;

/// <summary>The real api on Kestrel (127.0.0.1:0), so a gateway in front of it forwards over real HTTP.</summary>
public sealed class KestrelApi : ApiFactory
{
    /// <summary>Starts the api with <paramref name="settings"/> over its defaults.</summary>
    public KestrelApi(IEnumerable<(string Key, string? Value)> settings, Action<IServiceCollection>? services = null)
    {
        Environment = "Production";
        ConfigureServices = services;
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }

        this.UseKestrelOnLoopback();
        StartServer();
    }

    /// <summary>Where it listens.</summary>
    public string Url => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}

/// <summary>
/// One api and one gateway in front of it (Garnet in process, real Kestrel on loopback for both), with keys for three
/// tenants: one that may use every tool, one allowed two tools, one with a tiny request budget; plus a key without the
/// <c>tools</c> scope. Two extra MCP tools: <c>wait_for_cancel</c> waits until its call is cancelled and says so; <c>read_settings</c> returns a provider key.
/// </summary>
public sealed class McpEdgeHosts : IAsyncLifetime
{
    /// <summary>Keys: every tool; two tools; a budget of <see cref="SmallBudget"/> requests a minute; chat scope only.</summary>
    public const string FullKey = "mcp-full-key-0123456789", LimitedKey = "mcp-limited-key-0123456789",
        ThrottledKey = "mcp-throttled-key-0123456789", ChatOnlyKey = "mcp-chat-only-key-0123456789";

    /// <summary>Requests a minute the throttled tenant may make.</summary>
    public const int SmallBudget = 4;

    /// <summary>The tools the limited tenant may use.</summary>
    public static readonly string[] LimitedTools = ["calculate", "get_current_time"];

    /// <summary>The provider key <c>read_settings</c> returns, which must never reach an MCP client.</summary>
    public const string LeakedSecret = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    private readonly EdgeFixture _edge = new();

    /// <summary>The tenant that may use every tool.</summary>
    public string FullTenant { get; } = EdgeFixture.NewTenant("mcp-full");

    /// <summary>The tenant allowed <see cref="LimitedTools"/>.</summary>
    public string LimitedTenant { get; } = EdgeFixture.NewTenant("mcp-lim");

    /// <summary>The tenant with a budget of <see cref="SmallBudget"/> requests a minute.</summary>
    public string ThrottledTenant { get; } = EdgeFixture.NewTenant("mcp-thr");

    /// <summary>The api.</summary>
    public KestrelApi Api { get; private set; } = null!;

    /// <summary>The gateway.</summary>
    public GatewayInstance Gateway { get; private set; } = null!;

    /// <summary>The gateway's MCP endpoint.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Calls of <c>wait_for_cancel</c> that have started, by their <c>id</c> argument.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();

    /// <summary>Calls of <c>wait_for_cancel</c> whose cancellation token fired, by their <c>id</c> argument.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

    /// <summary>What the api logged (audit events among it).</summary>
    public CapturingLoggerProvider ApiLogs { get; } = new();

    /// <summary>The Redis the gateway keeps limits and quotas in.</summary>
    public string RedisConnectionString => _edge.Redis.ConnectionString;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _edge.InitializeAsync();
        var waitForCancel = AIFunctionFactory.Create(async (string id, CancellationToken cancellationToken) =>
        {
            Signal(Started, id);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Signal(Cancelled, id);
                }
            }

            return "never";
        }, "wait_for_cancel", "Waits until the call is cancelled.");
        var readSettings = AIFunctionFactory.Create(() => $"Endpoint=https://models.example.com; Key={LeakedSecret}",
            "read_settings", "Returns a connection string carrying a provider key (as a careless tool would).");

        Api = new KestrelApi(
            [.. LimitedTools.Select((tool, i) => ($"Guardrails:TenantTools:{LimitedTenant}:{i}", (string?)tool))],
            services => services.AddKeyedSingleton(AgentApp.Api.Mcp.McpToolCatalog.ExtraToolsKey, waitForCancel)
                .AddKeyedSingleton(AgentApp.Api.Mcp.McpToolCatalog.ExtraToolsKey, readSettings)
                .AddSingleton<ILoggerProvider>(ApiLogs));
        Gateway = new GatewayInstance(_edge.Settings(
        [
            ("ReverseProxy:Clusters:api:Destinations:api:Address", Api.Url),
            .. EdgeFixture.Key("full", FullKey, FullTenant, ["tools"]),
            .. EdgeFixture.Key("limited", LimitedKey, LimitedTenant, ["tools"]),
            .. EdgeFixture.Key("throttled", ThrottledKey, ThrottledTenant, ["tools"]),
            .. EdgeFixture.Key("chat", ChatOnlyKey, FullTenant, ["chat"]),
            ($"Tenants:{ThrottledTenant}:RequestsPerMinute", $"{SmallBudget}"),
        ]));
        using var client = Gateway.CreateClient();
        Endpoint = new Uri(client.BaseAddress!, "/v1/mcp");
        await WarmUpAsync(client);
    }

    /// <summary>
    /// The gateway's first Lua calls to a just-started Garnet can outlast the Redis timeout on a loaded machine (a 500 the
    /// tests are not about): wait until an authenticated MCP request gets an answer that is not a server error.
    /// </summary>
    private async Task WarmUpAsync(HttpClient client)
    {
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", FullKey);
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode < 500;
        }, "the gateway to answer an MCP request without a server error", TimeSpan.FromSeconds(60));
    }

    /// <summary>The official MCP client, connected through the gateway with <paramref name="key"/>.</summary>
    public async Task<McpClient> ConnectAsync(string? key, ResponseRecorder? recorder = null, CancellationToken cancellationToken = default)
    {
        var http = new HttpClient(recorder ?? new ResponseRecorder());
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["X-Api-Key"] = key },
        }, http, ownsHttpClient: true);
        try
        {
            return await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (key is not null)
        {
            throw new InvalidOperationException($"Connecting failed. Api errors:\n{Errors()}\nGateway errors:\n{string.Join('\n', Gateway.Errors)}", ex);
        }
    }

    /// <summary>Errors the api logged, for failure messages.</summary>
    public string Errors() => string.Join('\n', ApiLogs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.AllText));

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await _edge.DisposeAsync();
    }

    private static void Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string id) =>
        signals.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>Keeps the status and headers of every response the MCP client received.</summary>
public sealed class ResponseRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Responses, oldest first.</summary>
    public ConcurrentQueue<(HttpStatusCode Status, TimeSpan? RetryAfter, string? WwwAuthenticate)> Responses { get; } = new();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Responses.Enqueue((response.StatusCode, response.Headers.RetryAfter?.Delta,
            response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme));
        return response;
    }
}
