using AgentApp.Gateway.Audit;
using AgentApp.Gateway.Authentication;
using AgentApp.Gateway.Authorization;
using AgentApp.Gateway.RedisStore;
using AgentApp.Gateway.Forwarding;
using AgentApp.Gateway.Headers;
using AgentApp.Gateway.RequestLimits;
using AgentApp.Gateway.Quotas;
using AgentApp.Gateway.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AgentApp.Gateway;

/// <summary>Everything the edge enforces, registered and ordered in one place.</summary>
public static class EdgeExtensions
{
    /// <summary>Authentication, scope policies, Redis rate limits and token quotas, limits, timeouts, CORS.</summary>
    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<GatewayOptions>(GatewayOptions.Section)
            .Validate(o => o.Limits.SyncBatch is >= 1 and <= 10_000, "Gateway:Limits:SyncBatch must be between 1 and 10000.")
            .Validate(o => o.Limits.SyncInterval >= TimeSpan.FromMilliseconds(10) && o.Limits.SyncInterval <= TimeSpan.FromMinutes(1),
                "Gateway:Limits:SyncInterval must be between 00:00:00.010 and 00:01:00.");
        services.AddOptions<ProxyRoutesOptions>().BindConfiguration("ReverseProxy").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyRoutesOptions>, RouteAuthorizationValidation>();

        builder.AddEdgeAuthentication();
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationPolicyProvider, EdgePolicies>();
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();

        services.AddTenantLimits();
        // Routes name the policy in YARP's RateLimiterPolicy, which YARP validates against the rate limiter's policies;
        // TenantLimitsMiddleware decides them (all of a tenant's limits in one Redis round trip), so the policy itself
        // limits nothing and the rate-limiting middleware is not in the pipeline.
        services.AddRateLimiter(o => o.AddPolicy(TenantLimitsMiddleware.PolicyName, _ => System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LimitStore>(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Limits.Consistency == LimitConsistency.Batched
            ? ActivatorUtilities.CreateInstance<BatchedLimitStore>(sp)
            : ActivatorUtilities.CreateInstance<ExactLimitStore>(sp));

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<GatewayOptions>>((o, gateway) =>
        {
            var timeouts = gateway.Value.Timeouts;
            o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = timeouts.Default, TimeoutStatusCode = StatusCodes.Status504GatewayTimeout };
            o.AddPolicy(TimeoutOptions.StreamingPolicy, new RequestTimeoutPolicy { Timeout = timeouts.Streaming, TimeoutStatusCode = StatusCodes.Status504GatewayTimeout });
        });

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<GatewayOptions>>((o, gateway) =>
        {
            var cors = gateway.Value.Cors;
            o.AddPolicy(EdgeCorsOptions.PolicyName, p => p
                .WithOrigins([.. cors.AllowedOrigins])
                .WithHeaders([.. cors.AllowedHeaders])
                .WithMethods([.. cors.AllowedMethods])
                .WithExposedHeaders(EdgeHeaders.CorrelationId, "Retry-After", RateLimitRejection.LimitHeader,
                    RateLimitRejection.RemainingHeader, RateLimitRejection.ResetHeader, EdgeHeaders.UsageTotalTokens));
        });

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((k, gateway) =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeaderCount = gateway.Value.MaxRequestHeaderCount;
            k.Limits.MaxRequestHeadersTotalSize = gateway.Value.MaxRequestHeadersTotalBytes;
        });

        return builder;
    }

    /// <summary>The edge's middleware, in order: correlation and headers first, audit around every decision.</summary>
    public static WebApplication UseEdge(this WebApplication app)
    {
        app.UseMiddleware<CorrelationId>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<EdgeAuditMiddleware>();
        app.UseMiddleware<RedisUnavailableMiddleware>();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<StreamRequestDetection>();
        app.UseMiddleware<TenantLimitsMiddleware>();
        app.UseRequestTimeouts();
        return app;
    }
}
