extern alias gateway;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

// Loopback only: Garnet, a stub api and the real gateway, all in this process. Bounded: --requests, --concurrency, --limit;
// --path picks the throughput route (default: an authenticated, rate-limited one).
var requests = Arg("--requests", 4000);
var concurrency = Arg("--concurrency", 32);
var limit = Arg("--limit", 50);
// --path /v1/info measures the proxy without authentication, rate limiting or Redis (an anonymous route).
var path = args.SkipWhile(a => a != "--path").Skip(1).FirstOrDefault() ?? "/v1/conversations/bench";
const string Key = "bench-key-0123456789abcdef";

var port = FreePort();
using var garnet = new Garnet.GarnetServer(["--bind", "127.0.0.1", "--port", $"{port}", "--lua", "--lua-transaction-mode", "-q", "--logger-level", "Warning"]);
garnet.Start();

var apiBuilder = WebApplication.CreateSlimBuilder();
apiBuilder.WebHost.UseUrls("http://127.0.0.1:0");
apiBuilder.Logging.ClearProviders();
await using var api = apiBuilder.Build();
api.Map("/v1/{**path}", () => Results.Json(new { reply = "ok", usage = new { totalTokens = 0 } }));
await api.StartAsync();
var apiUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var burstTenant = "burst-" + Guid.NewGuid().ToString("N")[..8];
await using var edge = new GatewayHost(new()
{
    ["ConnectionStrings:cache"] = $"127.0.0.1:{port}",
    ["ReverseProxy:Clusters:api:Destinations:api:Address"] = apiUrl,
    ["Gateway:Secret"] = "bench-gateway-secret-0123456789",
    ["Authentication:DevelopmentKey"] = Key,
    ["Authentication:ApiKeys:burst:Sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Key + "-burst"))),
    ["Authentication:ApiKeys:burst:Tenant"] = burstTenant,
    ["Authentication:ApiKeys:burst:Scopes:0"] = "conversations",
    ["Tenants:development:RequestsPerMinute"] = "100000000",
    [$"Tenants:{burstTenant}:RequestsPerMinute"] = $"{limit}",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Gateway.Audit"] = "Warning",
});
using var gatewayClient = edge.CreateClient();
using var directClient = new HttpClient { BaseAddress = new Uri(apiUrl) };

Console.WriteLine($"gateway-load: {requests} requests per side, concurrency {concurrency}, loopback, Garnet on :{port}");

// 1. A burst at 10x a tenant's per-minute limit.
var burst = await RunAsync(gatewayClient, limit * 10, concurrency, Key + "-burst", "/v1/conversations/burst");
Console.WriteLine($"burst: {limit * 10} requests at a limit of {limit}/min -> 2xx {burst.Count2xx}, 429 {burst.Count429}, 5xx {burst.Count5xx}, other {burst.Other}");

// 2. Throughput and latency, gateway beside direct, alternating halves so both see the same machine load.
Console.WriteLine($"throughput path: {path}");
await RunAsync(directClient, 200, concurrency, Key, path);
await RunAsync(gatewayClient, 200, concurrency, Key, path);
var direct = new List<Result>();
var viaGateway = new List<Result>();
for (var round = 0; round < 2; round++)
{
    direct.Add(await RunAsync(directClient, requests / 2, concurrency, Key, path));
    viaGateway.Add(await RunAsync(gatewayClient, requests / 2, concurrency, Key, path));
}

var d = Result.Merge(direct);
var g = Result.Merge(viaGateway);
Console.WriteLine($"direct : {d.Throughput,9:F0} req/s  p50 {d.P(50),7:F2} ms  p99 {d.P(99),7:F2} ms  5xx {d.Count5xx}");
Console.WriteLine($"gateway: {g.Throughput,9:F0} req/s  p50 {g.P(50),7:F2} ms  p99 {g.P(99),7:F2} ms  5xx {g.Count5xx}");
Console.WriteLine($"ratio  : throughput gateway/direct {g.Throughput / d.Throughput:F2}  p99 overhead +{g.P(99) - d.P(99):F2} ms ({g.P(99) / d.P(99):F2}x)");
return burst.Count5xx + d.Count5xx + g.Count5xx == 0 && burst.Count2xx <= limit ? 0 : 1;

static async Task<Result> RunAsync(HttpClient client, int count, int concurrency, string key, string path)
{
    var latencies = new ConcurrentBag<double>();
    var statuses = new ConcurrentBag<int>();
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Api-Key", key);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.Add((int)response.StatusCode);
        }
    }));
    return new Result([.. latencies], [.. statuses], clock.Elapsed);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

/// <summary>Latencies and statuses of one run.</summary>
internal sealed record Result(double[] Latencies, int[] Statuses, TimeSpan Elapsed)
{
    public int Count2xx => Statuses.Count(s => s is >= 200 and < 300);
    public int Count429 => Statuses.Count(s => s == 429);
    public int Count5xx => Statuses.Count(s => s >= 500);
    public int Other => Statuses.Length - Count2xx - Count429 - Count5xx;
    public double Throughput => Statuses.Length / Elapsed.TotalSeconds;

    public double P(double percentile)
    {
        var sorted = Latencies.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }

    public static Result Merge(List<Result> runs) =>
        new([.. runs.SelectMany(r => r.Latencies)], [.. runs.SelectMany(r => r.Statuses)], TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)));
}

/// <summary>The real gateway on Kestrel at 127.0.0.1:0 with the given settings.</summary>
internal sealed class GatewayHost : WebApplicationFactory<gateway::Program>
{
    private readonly Dictionary<string, string?> _settings;

    public GatewayHost(Dictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        // The nearest solution above bench/ is the repository's, not the reference app's.
        builder.UseSolutionRelativeContentRoot("templates/agentapp/AgentApp.Gateway", "AgentApp.Templates.slnx");
    }
}
