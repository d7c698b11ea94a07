using AgentApp.Gateway;
using AgentApp.Gateway.Authentication;
using AgentApp.Gateway.RedisStore;
using AgentApp.Gateway.Forwarding;
using AgentApp.Gateway.Quotas;

// An operator's command (no server): a new API key and the hash to configure.
if (args is [HashKeyCommand.Name, .. var rest])
{
    return HashKeyCommand.Run(rest, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddOpenAIErrorShape();

// Rate limits and token quotas live in Redis, so every replica shares one budget per tenant.
// An outage fails fast and is answered 503 (RedisStore/) for what needs Redis. /health reports it as Degraded
// (still 200) and the gauge agentapp.gateway.redis.available says 0: readiness must not take the whole edge out of the
// load balancer while only Redis is away. Until the store has run its first script, though, the gateway is not ready:
// its first requests would all be 503.
builder.AddRedisClient("cache", configureOptions: options => RedisClientDefaults.Apply(options, builder.Configuration));
builder.Services.PostConfigure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(health =>
{
    foreach (var redis in health.Registrations.Where(r => r.Name.StartsWith("StackExchange.Redis", StringComparison.Ordinal)))
    {
        redis.FailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;
    }
});
builder.Services.AddSingleton<RateLimitStoreAvailability>();
builder.Services.AddSingleton<RateLimitStoreHealthCheck>();
builder.Services.AddHealthChecks()
    .AddCheck<RateLimitStoreHealthCheck>(RateLimitStoreHealthCheck.Name)
    .AddCheck<UpstreamHealthCheck>(UpstreamHealthCheck.Name);
builder.AddEdge();

// Routes and clusters are data (appsettings.json "ReverseProxy"): each route names its authorization policy
// (anonymous, tenant, scope:<name>), rate-limiter policy, timeout policy and whether tokens count against a quota. The api
// cluster is probed (HealthCheck:Active): a dead api is a 503 within seconds and Degraded on /health; connections fail fast.
builder.Services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, UpstreamHttpClientFactory>();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddTransforms<IdentityForwardingTransformProvider>()
    .AddTransforms<UsageTransformProvider>();

var app = builder.Build();

app.UseEdge();
app.MapDefaultEndpoints();
if (!app.Environment.IsDevelopment())
{
    // The api's reference (OpenAPI document, Scalar page) is routed in Development only; elsewhere it is not found
    // here, rather than falling through to the web console's catch-all route.
    app.MapGet("/openapi/{**rest}", () => Results.NotFound()).AllowAnonymous();
    app.MapGet("/scalar/{**rest}", () => Results.NotFound()).AllowAnonymous();
}

app.MapReverseProxy(proxy =>
{
    proxy.UseMiddleware<TokenQuotaMiddleware>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
return 0;
