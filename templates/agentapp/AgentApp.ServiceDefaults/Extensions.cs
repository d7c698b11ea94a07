using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every AgentApp service shares: OpenTelemetry, health endpoints, service discovery and resilience.
/// Each service calls <see cref="AddServiceDefaults{TBuilder}"/> at start-up and <see cref="MapDefaultEndpoints"/> once built.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every registered check must pass.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only checks tagged <see cref="LiveTag"/>; a dependency outage must not restart the pod.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The tag that puts a health check into <see cref="AlivenessEndpointPath"/>.</summary>
    public const string LiveTag = "live";

    // The names under which the OTLP exporters take their HttpClients from IHttpClientFactory (protocol http/protobuf).
    private static readonly string[] s_otlpExporterClients = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    /// <summary>
    /// Adds PII redaction of logs and traces, OpenTelemetry, default health checks, service discovery and standard
    /// HttpClient resilience.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddPiiRedaction();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Logs, metrics and traces, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.Meters))
            .WithTracing(tracing => tracing
                // First processor, so every exporter sees redacted spans only.
                .AddProcessor(services => new RedactingActivityProcessor(PiiRedactionExtensions.FreeTextRedactor(services)))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryNames.ActivitySources)
                .AddAspNetCoreInstrumentation(aspnet =>
                    // Probes hit these every few seconds; their spans are noise in every trace view.
                    aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        // The exporters' own HttpClients keep out of the HttpClient defaults: the standard resilience handler's retries
        // and circuit breaker would hold telemetry back or drop it without a word (the exporter has its own timeout and
        // retries), and each export's request log would be exported in turn, for ever.
        foreach (var name in s_otlpExporterClients)
        {
#pragma warning disable EXTEXP0001 // Microsoft.Extensions.Http.Resilience's documented way to opt one client out of the defaults
            builder.Services.AddHttpClient(name).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            builder.Logging.AddFilter($"System.Net.Http.HttpClient.{name}", LogLevel.Warning);
        }

        return builder;
    }

    /// <summary>A liveness check that only says the process answers.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> and <c>/alive</c> in every environment: Kubernetes probes need them in production. The default
    /// response writer sends only the status word, so exception text never leaves the process.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath).DisableHttpMetrics();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
        }).DisableHttpMetrics();
        return app;
    }
}
