using AgentApp.Gateway.Edge;
using AgentApp.Gateway.Edge.Availability;
using AgentApp.Gateway.Edge.Forwarding;
using AgentApp.Gateway.Edge.Quotas;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();

// Rate limits and token quotas live in Redis, so every replica shares one budget per tenant.
// An outage fails fast and is answered 503 (Edge/Availability); its health check makes /health say so.
builder.AddRedisClient("cache", configureOptions: RedisClientDefaults.Apply);
builder.AddEdge();

// Routes and clusters are data (appsettings.json "ReverseProxy"): each route names its authorization policy
// (anonymous, tenant, scope:<name>), rate-limiter policy, timeout policy and whether tokens count against a quota.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddTransforms<IdentityForwardingTransformProvider>()
    .AddTransforms<UsageTransformProvider>();

var app = builder.Build();

app.UseEdge();
app.MapDefaultEndpoints();
app.MapReverseProxy(proxy =>
{
    proxy.UseMiddleware<TokenQuotaMiddleware>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
