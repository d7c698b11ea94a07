using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using AgentApp.Agent.Offline;
using AgentApp.Bench;
using Microsoft.Extensions.AI;

// The real gateway and the real api, each its own process from its Release build, on loopback; Garnet (Redis protocol)
// in this process. Bounded: --requests per side, --concurrency, --limit for the burst, --ttft samples.
var requests = Arg("--requests", 4000);
var concurrency = Arg("--concurrency", 32);
var limit = Arg("--limit", 50);
var ttftSamples = Arg("--ttft", 100);
// --latency-only: skip the burst and the throughput rounds (for profiling one part of the hop with --gateway-env).
var latencyOnly = args.Contains("--latency-only");
// Services run for hours: measure them after tiered JIT (and PGO) has settled, not in their first seconds, where the
// gateway, with more code to compile, would be measured mostly as JIT time.
var warmup = TimeSpan.FromSeconds(Arg("--warmup-seconds", 10));
// --nginx <path>: the peer row (bench/gateway-load.sh fetches Debian's nginx for it).
var nginxPath = StringArg("--nginx");
const string Key = "bench-key-0123456789abcdef";
const string Secret = "bench-gateway-secret-0123456789";
const string ChatBody = "{\"message\":\"Hello there\"}";
var startTimeout = TimeSpan.FromMinutes(1);

var redisPort = ServiceProcess.FreePort();
using var garnet = new Garnet.GarnetServer(["--bind", "127.0.0.1", "--port", $"{redisPort}", "--lua", "--lua-transaction-mode", "-q", "--logger-level", "Warning"]);
garnet.Start();

// Memory off (a closed sidecar port), as in the container-less run without daprd; everything else is the shipped config.
await using var apiProcess = await ServiceProcess.StartAsync("AgentApp.Api", new Dictionary<string, string>
{
    ["Gateway__Secret"] = Secret,
    ["DAPR_HTTP_ENDPOINT"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
}.Concat(ExtraEnvironment("--api-env")).ToDictionary(), startTimeout);

var burstTenant = "burst-" + Guid.NewGuid().ToString("N")[..8];
await using var gatewayProcess = await ServiceProcess.StartAsync("AgentApp.Gateway", new Dictionary<string, string>
{
    ["ConnectionStrings__cache"] = $"127.0.0.1:{redisPort}",
    ["ReverseProxy__Clusters__api__Destinations__api__Address"] = apiProcess.Url,
    ["Gateway__Secret"] = Secret,
    ["Authentication__DevelopmentKey"] = Key,
    ["Authentication__ApiKeys__burst__Sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Key + "-burst"))),
    ["Authentication__ApiKeys__burst__Tenant"] = burstTenant,
    ["Authentication__ApiKeys__burst__Scopes__0"] = "chat",
    // The measured tenant must never be limited: this compares the cost of the hop, not the limits.
    ["Tenants__development__RequestsPerMinute"] = "1000000000",
    ["Tenants__development__TokensPerMinute"] = "1000000000000",
    ["Tenants__development__TokensPerDay"] = "1000000000000",
    [$"Tenants__{burstTenant}__RequestsPerMinute"] = $"{limit}",
}.Concat(ExtraEnvironment("--gateway-env")).ToDictionary(), startTimeout);

// The same gateway with batched limits (Gateway:Limits:Consistency=Batched): local counters synced every SyncBatch
// requests, so most requests make no Redis round trip.
await using var batchedProcess = await ServiceProcess.StartAsync("AgentApp.Gateway", new Dictionary<string, string>
{
    ["ConnectionStrings__cache"] = $"127.0.0.1:{redisPort}",
    ["ReverseProxy__Clusters__api__Destinations__api__Address"] = apiProcess.Url,
    ["Gateway__Secret"] = Secret,
    ["Gateway__Limits__Consistency"] = "Batched",
    ["Authentication__DevelopmentKey"] = Key,
    ["Tenants__development__RequestsPerMinute"] = "1000000000",
    ["Tenants__development__TokensPerMinute"] = "1000000000000",
    ["Tenants__development__TokensPerDay"] = "1000000000000",
}.Concat(ExtraEnvironment("--gateway-env")).ToDictionary(), startTimeout);

// The peer: nginx as a comparable edge (key map, per-tenant limit_req), when the script could fetch it.
await using var nginx = nginxPath is null ? null : await NginxPeer.StartAsync(nginxPath, apiProcess.Url, Key, "development", Secret, 1_000_000);

// The floor: YARP alone on the same hop (bench/BareProxy), so the rows show what any second process costs here.
await using var bareProxy = await ServiceProcess.StartAsync("BareProxy", new Dictionary<string, string>
{
    ["ReverseProxy__Clusters__api__Destinations__api__Address"] = apiProcess.Url,
}, startTimeout);

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false })
{
    Timeout = TimeSpan.FromSeconds(30),
};

// Ready as a load balancer sees it: /health is 200 once the rate-limit store has run a script (alive is not enough).
foreach (var gateway in new[] { gatewayProcess, batchedProcess })
{
    for (var clock = Stopwatch.StartNew(); ; await Task.Delay(100))
    {
        try
        {
            using var health = await client.GetAsync(gateway.Url + "/health");
            if (health.IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && clock.Elapsed < startTimeout)
        {
        }

        if (clock.Elapsed > startTimeout)
        {
            throw new InvalidOperationException($"{gateway.Url} did not become ready within {startTimeout}.");
        }
    }
}

Console.WriteLine($"gateway-load: real api and gateway processes (Release, Production settings), {requests} requests per side, concurrency {concurrency}, loopback, Garnet on :{redisPort}");

var failures = 0;
if (!latencyOnly)
{
    // 1. A burst at 10x a tenant's per-minute limit.
    var burst = await RunAsync(Post(gatewayProcess.Url, "/v1/chat", Key + "-burst", viaGateway: true), limit * 10, concurrency);
    Console.WriteLine($"burst: {limit * 10} requests at a limit of {limit}/min -> 2xx {burst.Count2xx}, 429 {burst.Count429}, 5xx {burst.Count5xx}, other {burst.Other}"
        + (burst.Count5xx > 0 ? $" (5xx: {string.Join(", ", burst.Statuses.Where(s => s >= 500).GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))})" : ""));

    // 2. Throughput and latency, gateway beside direct, alternating rounds so both see the same machine load.
    failures = burst.Count5xx + (burst.Count2xx > limit ? 1 : 0);
    foreach (var (label, method, path) in new[] { ("POST /v1/chat", HttpMethod.Post, "/v1/chat"), ("GET /v1/info", HttpMethod.Get, "/v1/info") })
    {
        Func<HttpRequestMessage> Send(string baseUrl, bool viaGateway) => method == HttpMethod.Post
            ? Post(baseUrl, path, Key, viaGateway) : Get(baseUrl, path, Key, viaGateway);
        // The bare proxy adds nothing, so it carries what the gateway would have added, as direct calls do.
        var sides = new List<(string Name, Func<HttpRequestMessage> Create, Func<TimeSpan>? ProxyCpu)>
        {
            ("direct", Send(apiProcess.Url, viaGateway: false), null),
            ("gateway", Send(gatewayProcess.Url, viaGateway: true), () => gatewayProcess.CpuTime),
            ("batched", Send(batchedProcess.Url, viaGateway: true), () => batchedProcess.CpuTime),
            ("bare YARP", Send(bareProxy.Url, viaGateway: false), () => bareProxy.CpuTime),
        };
        if (nginx is not null)
        {
            // nginx sets the identity headers itself from its key map, so it is sent only the key, as the gateway is.
            sides.Add(("nginx", Send(nginx.Url, viaGateway: true), () => nginx.CpuTime));
        }

        // Warm-up: JIT to its final tier, connection pools, Redis connections.
        foreach (var side in sides)
        {
            for (var clock = Stopwatch.StartNew(); clock.Elapsed < warmup;)
            {
                await RunAsync(side.Create, 500, concurrency);
            }
        }

        // Alternating rounds so every side sees the same machine load; CPU time per request is read from /proc, which
        // a busy machine disturbs far less than throughput.
        var runs = sides.ToDictionary(x => x.Name, _ => new List<LoadResult>());
        var proxyCpu = sides.ToDictionary(x => x.Name, _ => TimeSpan.Zero);
        var apiCpu = sides.ToDictionary(x => x.Name, _ => TimeSpan.Zero);
        for (var round = 0; round < 4; round++)
        {
            foreach (var side in sides)
            {
                var (proxyBefore, apiBefore) = (side.ProxyCpu?.Invoke() ?? TimeSpan.Zero, apiProcess.CpuTime);
                runs[side.Name].Add(await RunAsync(side.Create, requests / 4, concurrency));
                proxyCpu[side.Name] += (side.ProxyCpu?.Invoke() ?? TimeSpan.Zero) - proxyBefore;
                apiCpu[side.Name] += apiProcess.CpuTime - apiBefore;
            }
        }

        var results = runs.ToDictionary(x => x.Key, x => LoadResult.Merge(x.Value));
        foreach (var (name, r) in results)
        {
            failures += r.Count5xx + r.Other + r.Count429;
            Console.WriteLine($"{label} {name,-9}: {r.Throughput,7:F0} req/s  p50 {r.P(50),7:F2} ms  p99 {r.P(99),7:F2} ms  non-2xx {r.Statuses.Length - r.Count2xx}"
                + $"  CPU/request: api {Micros(apiCpu[name], r),5:F0} us, proxy {Micros(proxyCpu[name], r),5:F0} us");
        }

        var (d, g, y) = (results["direct"], results["gateway"], results["bare YARP"]);
        ResultLine.Print($"gateway vs direct api: throughput ({label}, real api)", $"{g.Throughput:F0} req/s", $"{d.Throughput:F0} req/s",
            g.Throughput / d.Throughput, ">= 0.85x");
        ResultLine.Print($"gateway vs direct api: p99 ({label}, c={concurrency})", $"{g.P(99):F1} ms ({g.P(99) - d.P(99):+0.0;-0.0} ms)", $"{d.P(99):F1} ms",
            g.P(99) / d.P(99), "overhead <= 2 ms");
        ResultLine.Print($"floor: bare YARP vs direct api: throughput ({label})", $"{y.Throughput:F0} req/s", $"{d.Throughput:F0} req/s",
            y.Throughput / d.Throughput, "explains the gateway row");
        ResultLine.Print($"floor: bare YARP vs direct api: p99 ({label}, c={concurrency})", $"{y.P(99):F1} ms ({y.P(99) - d.P(99):+0.0;-0.0} ms)", $"{d.P(99):F1} ms",
            y.P(99) / d.P(99), "explains the gateway row");
        var (gatewayMicros, bareMicros) = (Micros(proxyCpu["gateway"], g), Micros(proxyCpu["bare YARP"], y));
        var cpuGoal = label.StartsWith("POST", StringComparison.Ordinal) ? "<= 1.5x" : "<= 1.25x";
        ResultLine.Print($"gateway vs bare YARP: CPU per request ({label})", $"{gatewayMicros:F0} us", $"{bareMicros:F0} us",
            gatewayMicros / bareMicros, cpuGoal + " (api: " + $"{Micros(apiCpu["direct"], d):F0} us)");
        ResultLine.Print($"gateway vs bare YARP: throughput ({label})", $"{g.Throughput:F0} req/s", $"{y.Throughput:F0} req/s",
            g.Throughput / y.Throughput, ">= 0.8x");
        var (b, batchedMicros) = (results["batched"], Micros(proxyCpu["batched"], results["batched"]));
        ResultLine.Print($"gateway, batched limits, vs bare YARP: CPU per request ({label})", $"{batchedMicros:F0} us", $"{bareMicros:F0} us",
            batchedMicros / bareMicros, "report (the consistency option)");
        ResultLine.Print($"gateway, batched limits, vs bare YARP: throughput ({label})", $"{b.Throughput:F0} req/s", $"{y.Throughput:F0} req/s",
            b.Throughput / y.Throughput, "report (the consistency option)");
        if (results.TryGetValue("nginx", out var n))
        {
            var nginxMicros = Micros(proxyCpu["nginx"], n);
            ResultLine.Print($"peer: nginx (key map, limit_req) vs bare YARP: CPU per request ({label})", $"{nginxMicros:F0} us", $"{bareMicros:F0} us",
                nginxMicros / bareMicros, $"report (gateway {gatewayMicros:F0} us)");
            ResultLine.Print($"peer: nginx (key map, limit_req) vs bare YARP: throughput ({label})", $"{n.Throughput:F0} req/s", $"{y.Throughput:F0} req/s",
                n.Throughput / y.Throughput, $"report (gateway {g.Throughput:F0} req/s)");
        }
    }
}

// One request at a time: the hop's latency without queueing (the share of each part, for profiling).
var sequential = new Dictionary<string, LoadResult>();
foreach (var (label, create) in new (string, Func<HttpRequestMessage>)[]
{
    ("GET /v1/info direct ", Get(apiProcess.Url, "/v1/info", Key, viaGateway: false)),
    ("GET /v1/info gateway", Get(gatewayProcess.Url, "/v1/info", Key, viaGateway: true)),
    ("GET /v1/x gateway (auth, rate limit, 404 from api)", Get(gatewayProcess.Url, "/v1/bench-missing", Key, viaGateway: true)),
    ("POST /v1/chat direct ", Post(apiProcess.Url, "/v1/chat", Key, viaGateway: false)),
    ("POST /v1/chat gateway", Post(gatewayProcess.Url, "/v1/chat", Key, viaGateway: true)),
    ("POST /v1/chat batched", Post(batchedProcess.Url, "/v1/chat", Key, viaGateway: true)),
})
{
    var one = sequential[label.Trim()] = await RunAsync(create, latencyOnly ? 1000 : 200, 1);
    Console.WriteLine($"sequential {label}: p50 {one.P(50):F2} ms  p90 {one.P(90):F2} ms");
}

foreach (var (label, goal) in new[] { ("POST /v1/chat", "<= 0.3 ms"), ("GET /v1/info", "<= 0.1 ms") })
{
    var (through, direct) = (sequential[$"{label} gateway"], sequential[$"{label} direct"]);
    ResultLine.Print($"added latency, one request at a time, p50 ({label})", $"{through.P(50):F2} ms ({through.P(50) - direct.P(50):+0.00;-0.00} ms)",
        $"{direct.P(50):F2} ms", through.P(50) / direct.P(50), goal);
}

// 3. Time to first token: the first delta event of a streamed chat through gateway+api, one request at a time, beside the
// first update of the offline model called in this process.
var model = new OfflineChatClient();
var inProcess = new List<double>();
var direct1 = new List<double>();
var stack = new List<double>();
for (var i = 0; i < ttftSamples + 10; i++)
{
    var a = await FirstUpdateInProcessAsync(model);
    var b = await FirstDeltaAsync(client, Post(apiProcess.Url, "/v1/chat", Key, viaGateway: false, stream: true)());
    var c = await FirstDeltaAsync(client, Post(gatewayProcess.Url, "/v1/chat", Key, viaGateway: true, stream: true)());
    if (i >= 10)
    {
        inProcess.Add(a);
        direct1.Add(b);
        stack.Add(c);
    }
}

var p50Model = LoadResult.Percentile(inProcess, 50);
var p50Direct = LoadResult.Percentile(direct1, 50);
var p50Stack = LoadResult.Percentile(stack, 50);
Console.WriteLine($"time to first token p50: offline model in-process {p50Model:F3} ms, api direct {p50Direct:F2} ms, gateway+api {p50Stack:F2} ms "
    + $"(gateway+api p10/p25/p75/p90/p99 {string.Join(" / ", new[] { 10, 25, 75, 90, 99 }.Select(p => LoadResult.Percentile(stack, p).ToString("F2")))} ms)");
ResultLine.Print("streaming time to first token p50 (gateway+api vs offline model in-process)", $"{p50Stack:F2} ms ({p50Stack - p50Model:+0.00;-0.00} ms)",
    $"{p50Model:F3} ms", p50Stack / Math.Max(p50Model, 0.001), "overhead <= 5 ms");
Console.WriteLine($"working set after load: api {apiProcess.WorkingSetMb():F0} MB, gateway {gatewayProcess.WorkingSetMb():F0} MB");
return failures == 0 ? 0 : 1;

async Task<LoadResult> RunAsync(Func<HttpRequestMessage> create, int count, int parallel)
{
    var latencies = new ConcurrentBag<double>();
    var statuses = new ConcurrentBag<int>();
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            using var request = create();
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.Add((int)response.StatusCode);
        }
    }));
    return new LoadResult([.. latencies], [.. statuses], clock.Elapsed);
}

static double Micros(TimeSpan cpu, LoadResult run) => cpu.TotalMicroseconds / run.Statuses.Length;

static Func<HttpRequestMessage> Post(string baseUrl, string path, string key, bool viaGateway, bool stream = false) => () =>
{
    var request = Authenticated(new HttpRequestMessage(HttpMethod.Post, baseUrl + path), key, viaGateway);
    request.Content = new StringContent(ChatBody, Encoding.UTF8, "application/json");
    if (stream)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
    }

    return request;
};

static Func<HttpRequestMessage> Get(string baseUrl, string path, string key, bool viaGateway) =>
    () => Authenticated(new HttpRequestMessage(HttpMethod.Get, baseUrl + path), key, viaGateway);

// Direct calls carry what the gateway would have added, so the api does the same work on both sides.
static HttpRequestMessage Authenticated(HttpRequestMessage request, string key, bool viaGateway)
{
    if (viaGateway)
    {
        request.Headers.Add("X-Api-Key", key);
    }
    else
    {
        request.Headers.Add("X-Gateway-Secret", Secret);
        request.Headers.Add("X-Identity-Tenant", "development");
        request.Headers.Add("X-Identity-Subject", "apikey:development");
        request.Headers.Add("X-Identity-Scopes", "chat conversations tasks");
    }

    return request;
}

static async Task<double> FirstUpdateInProcessAsync(IChatClient model)
{
    var started = Stopwatch.GetTimestamp();
    await using var updates = model.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello there")]).GetAsyncEnumerator();
    while (await updates.MoveNextAsync())
    {
        if (updates.Current.Text.Length > 0)
        {
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    throw new InvalidOperationException("The offline model sent no text.");
}

async Task<double> FirstDeltaAsync(HttpClient http, HttpRequestMessage request)
{
    using (request)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double? first = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (first is null && line == "event: delta")
            {
                first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException($"{request.RequestUri} streamed no delta event.");
    }
}

// --gateway-env K=V / --api-env K=V (repeatable): try a setting without editing the service, e.g. while profiling.
IEnumerable<KeyValuePair<string, string>> ExtraEnvironment(string option) => args
    .Select((a, i) => (a, i)).Where(x => x.a == option && x.i + 1 < args.Length)
    .Select(x => args[x.i + 1].Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], kv.Length > 1 ? kv[1] : ""));

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
}
