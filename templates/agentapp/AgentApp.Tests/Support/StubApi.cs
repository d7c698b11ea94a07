using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace AgentApp.Tests.Support;

/// <summary>What the stub api received: the path and every header, as the gateway forwarded them.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, long BodyBytes);

/// <summary>
/// A real api stand-in on 127.0.0.1:0: <c>/v1/**</c> records what arrives and echoes the headers; <c>X-Test-Usage: n</c>
/// makes it report <c>n</c> model tokens (header, or an SSE <c>usage</c> event with <c>Accept: text/event-stream</c>);
/// <c>?hold=&lt;id&gt;</c> keeps a stream open until <see cref="Release"/>. It also serves OpenID metadata and a JWKS so
/// the gateway can validate the tokens <see cref="Token"/> signs.
/// </summary>
public sealed class StubApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "stub-key" };
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _opened = new();

    private StubApi(WebApplication app) => _app = app;

    /// <summary>Every request that reached the api.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>The api's base address.</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>The issuer (and authority) of the tokens.</summary>
    public string Issuer => Url + "/issuer";

    /// <summary>Starts the stub.</summary>
    public static async Task<StubApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubApi(app);
        stub.Map(app);
        await app.StartAsync();
        return stub;
    }

    /// <summary>Completes once a held stream <paramref name="id"/> has sent its first event.</summary>
    public Task Opened(string id) => _opened.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Lets held stream <paramref name="id"/> finish.</summary>
    public void Release(string id) => _holds.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>A signed JWT for <paramref name="audience"/>, expiring at <paramref name="expires"/>.</summary>
    public string Token(string tenant, string subject, string scopes, string audience, DateTime expires)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            NotBefore = expires.AddHours(-2),
            IssuedAt = expires.AddHours(-2),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["tenant"] = tenant, ["sub"] = subject, ["scope"] = scopes },
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/issuer/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/issuer/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_signingKey.Rsa.ExportParameters(false)) { KeyId = _signingKey.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/alive", () => "Healthy"); // the gateway's active health probe
        app.Map("/v1/{**path}", HandleAsync);
    }

    private async Task HandleAsync(HttpContext context)
    {
        long bytes = 0;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            bytes += read;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers, bytes));
        long.TryParse(context.Request.Headers["X-Test-Usage"].ToString(), out var usage);

        if (context.Request.Headers.Accept.ToString().Contains("text/event-stream"))
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("event: delta\ndata: {\"text\":\"hel\"}\n\n");
            await context.Response.Body.FlushAsync();
            if (context.Request.Query["hold"].ToString() is { Length: > 0 } hold)
            {
                _opened.GetOrAdd(hold, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                await _holds.GetOrAdd(hold, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(context.RequestAborted);
            }

            // Split the usage event across writes: the gateway must reassemble lines, not rely on write boundaries.
            await context.Response.WriteAsync("event: delta\ndata: {\"text\":\"lo\"}\n\nevent: us");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync($"age\r\ndata: {{\"inputTokens\":{usage / 2},\"outputTokens\":{usage - usage / 2},\"totalTokens\":{usage}}}\r\n\r\nevent: done\ndata: {{}}\n\n");
            return;
        }

        if (usage > 0)
        {
            context.Response.Headers["X-Usage-Total-Tokens"] = usage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = (int)HttpStatusCode.OK;
        await context.Response.WriteAsJsonAsync(new { path = context.Request.Path.Value, bodyBytes = bytes, headers });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var hold in _holds.Values)
        {
            hold.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
