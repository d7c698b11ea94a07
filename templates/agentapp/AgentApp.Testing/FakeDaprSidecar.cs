using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Testing;

/// <summary>
/// A loopback stand-in for daprd, faithful to the actor HTTP protocol on both sides: it serves the
/// app → sidecar API (state, reminders, timers, health, actor method calls) from dictionaries and forwards actor method
/// calls to the actors app like daprd does, one call at a time per actor id: daprd's turn-based concurrency, which the
/// .NET actor runtime relies on (it has no lock of its own). Not modelled: placement, idle deactivation, reentrancy, etags.
/// </summary>
public sealed class FakeDaprSidecar : IAsyncDisposable
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Transfer-Encoding", "Content-Length", "Connection", "Host",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private HttpClient? _actorsApp;
    private int _maxInFlight;

    private FakeDaprSidecar(WebApplication app) => _app = app;

    /// <summary>Where the sidecar listens (<c>DAPR_HTTP_ENDPOINT</c> for both apps).</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Actor state: <c>type||id||key</c> → JSON.</summary>
    public ConcurrentDictionary<string, string> State { get; } = new();

    /// <summary>Registered reminders: <c>type||id||name</c> → the registration body.</summary>
    public ConcurrentDictionary<string, string> Reminders { get; } = new();

    /// <summary>Registered timers: <c>type||id||name</c> → the registration body.</summary>
    public ConcurrentDictionary<string, string> Timers { get; } = new();

    /// <summary>Every actor method call forwarded and answered, in order: tests count effects per actor from it.</summary>
    public ConcurrentQueue<ActorCall> Calls { get; } = new();

    /// <summary>
    /// Asked before each actor method call (type, id, method) is forwarded; may hold it (a slow actor) and may refuse it
    /// (false: answered 503 unforwarded, as when the caller died meanwhile).
    /// </summary>
    public Func<string, string, string, Task<bool>>? BeforeForward { get; set; }

    /// <summary>Actor method calls forwarded so far.</summary>
    public int MethodCalls => _methodCalls;

    /// <summary>The most calls ever in flight at once for one actor id (1 when turns are honoured).</summary>
    public int MaxInFlightPerActor => _maxInFlight;

    private int _methodCalls;

    /// <summary>Starts listening on a free loopback port.</summary>
    public static async Task<FakeDaprSidecar> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sidecar = new FakeDaprSidecar(app);
        sidecar.Map(app);
        await app.StartAsync();
        sidecar.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return sidecar;
    }

    /// <summary>Connects the sidecar to its app, as daprd does with <c>--app-port</c>.</summary>
    public void ConnectApp(HttpClient actorsApp) => _actorsApp = actorsApp;

    /// <summary>Makes app <paramref name="appId"/> reachable by service invocation (<c>/v1.0/invoke/{appId}/method/...</c>).</summary>
    public void ConnectInvocationTarget(string appId, HttpClient app) => _invocationTargets[appId] = app;

    /// <summary>Service invocations forwarded: app id and path.</summary>
    public ConcurrentQueue<(string AppId, string Path)> Invocations { get; } = new();

    private readonly ConcurrentDictionary<string, HttpClient> _invocationTargets = new();

    /// <summary>Fires a stored reminder at the app in its actor's turn, as daprd's scheduler would; one-shot reminders are then gone.</summary>
    public async Task<int> FireReminderAsync(string type, string id, string name)
    {
        var body = Reminders[$"{type}||{id}||{name}"];
        using var response = await CallAppInTurnAsync(type, id, HttpMethod.Put, $"/actors/{type}/{id}/method/remind/{name}",
            Encoding.UTF8.GetBytes(body), "application/json", []);
        if (response.IsSuccessStatusCode && JsonNode.Parse(body)?["period"]?.GetValue<string>() is null or "")
        {
            Reminders.TryRemove($"{type}||{id}||{name}", out _);
        }

        return (int)response.StatusCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        // The 1.19 SDK asks for //v1.0/...; daprd cleans paths, so must we, before routing.
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            while (path.Contains("//", StringComparison.Ordinal))
            {
                path = path.Replace("//", "/", StringComparison.Ordinal);
            }

            context.Request.Path = path;
            await next(context);
        });
        app.UseRouting();

        app.MapGet("/v1.0/healthz", () => Results.NoContent());
        app.MapGet("/v1.0/actors/{type}/{id}/state/{key}", (HttpContext c) =>
            State.TryGetValue(Key(c, "key"), out var json) ? Results.Text(json, "application/json") : Results.NoContent());
        app.MapPut("/v1.0/actors/{type}/{id}/state", async (HttpContext c) =>
        {
            var prefix = $"{c.Request.RouteValues["type"]}||{c.Request.RouteValues["id"]}||";
            foreach (var operation in JsonNode.Parse(await ReadAsync(c.Request))!.AsArray())
            {
                var key = prefix + operation!["request"]!["key"]!.GetValue<string>();
                if (operation["operation"]!.GetValue<string>() == "upsert")
                {
                    State[key] = operation["request"]!["value"]!.ToJsonString();
                }
                else
                {
                    State.TryRemove(key, out _);
                }
            }

            return Results.NoContent();
        });

        MapRegistrations(app, "reminders", Reminders);
        MapRegistrations(app, "timers", Timers);

        app.MapMethods("/v1.0/invoke/{appId}/method/{**path}", ["GET", "PUT", "POST", "DELETE"], async (HttpContext c) =>
        {
            var appId = (string)c.Request.RouteValues["appId"]!;
            var path = "/" + (string)c.Request.RouteValues["path"]!;
            if (!_invocationTargets.TryGetValue(appId, out var target))
            {
                c.Response.StatusCode = StatusCodes.Status500InternalServerError; // daprd: ERR_DIRECT_INVOKE, no such app
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(c.Request.Method), path) { Content = new ByteArrayContent(await ReadBytesAsync(c.Request)) };
            if (c.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await target.SendAsync(request);
            Invocations.Enqueue((appId, path));
            c.Response.StatusCode = (int)response.StatusCode;
            await response.Content.CopyToAsync(c.Response.Body);
        });
        app.MapMethods("/v1.0/actors/{type}/{id}/method/{method}", ["PUT", "POST"], async (HttpContext c) =>
        {
            var type = (string)c.Request.RouteValues["type"]!;
            var id = (string)c.Request.RouteValues["id"]!;
            var headers = c.Request.Headers.Where(h => h.Key.StartsWith("X-Dapr", StringComparison.OrdinalIgnoreCase)).ToList();
            var method = (string)c.Request.RouteValues["method"]!;
            if (BeforeForward is { } before && !await before(type, id, method))
            {
                c.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using var response = await CallAppInTurnAsync(type, id, HttpMethod.Put, $"/actors/{type}/{id}/method/{method}",
                await ReadBytesAsync(c.Request), c.Request.ContentType, headers);
            Calls.Enqueue(new ActorCall(type, id, method, (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
            c.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !s_hopByHop.Contains(h.Key)))
            {
                c.Response.Headers[header.Key] = header.Value.ToArray();
            }

            await response.Content.CopyToAsync(c.Response.Body);
        });
    }

    private static void MapRegistrations(WebApplication app, string kind, ConcurrentDictionary<string, string> store)
    {
        app.MapMethods($"/v1.0/actors/{{type}}/{{id}}/{kind}/{{name}}", ["PUT", "POST"], async (HttpContext c) =>
        {
            store[Key(c, "name")] = await ReadAsync(c.Request);
            return Results.NoContent();
        });
        app.MapGet($"/v1.0/actors/{{type}}/{{id}}/{kind}/{{name}}", (HttpContext c) =>
            store.TryGetValue(Key(c, "name"), out var json) ? Results.Text(json, "application/json") : Results.NotFound());
        app.MapDelete($"/v1.0/actors/{{type}}/{{id}}/{kind}/{{name}}", (HttpContext c) =>
        {
            store.TryRemove(Key(c, "name"), out _);
            return Results.NoContent();
        });
    }

    private async Task<HttpResponseMessage> CallAppInTurnAsync(string type, string id, HttpMethod method, string path, byte[] body,
        string? contentType, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> headers)
    {
        var app = _actorsApp ?? throw new InvalidOperationException("No app connected to the fake sidecar.");
        var actor = $"{type}||{id}";
        var turn = _turns.GetOrAdd(actor, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync();
        try
        {
            var inFlight = _inFlight.AddOrUpdate(actor, 1, (_, n) => n + 1);
            InterlockedMax(ref _maxInFlight, inFlight);
            Interlocked.Increment(ref _methodCalls);
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            foreach (var header in headers)
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }

            var response = await app.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
        finally
        {
            _inFlight.AddOrUpdate(actor, 0, (_, n) => n - 1);
            turn.Release();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task<string> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync();
    }

    private static string Key(HttpContext c, string last) =>
        $"{c.Request.RouteValues["type"]}||{c.Request.RouteValues["id"]}||{c.Request.RouteValues[last]}";
}

/// <summary>One actor method call the fake sidecar forwarded, with the app's answer.</summary>
/// <param name="Type">The actor type.</param>
/// <param name="Id">The actor id.</param>
/// <param name="Method">The method name.</param>
/// <param name="Status">The app's HTTP status.</param>
/// <param name="Response">The app's response body.</param>
public sealed record ActorCall(string Type, string Id, string Method, int Status, string Response);
