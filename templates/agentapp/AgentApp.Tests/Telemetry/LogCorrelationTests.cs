using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace AgentApp.Tests.Telemetry;

/// <summary>ServiceDefaults' logging: structured records that carry the trace and span of the work that wrote them.</summary>
public sealed class LogCorrelationTests
{
    [Fact]
    public void A_log_written_inside_a_span_carries_its_trace_and_span_ids_and_its_fields()
    {
        var logs = new List<LogRecord>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPiiRedaction(); // as AddServiceDefaults does: telemetry passes redaction
        builder.ConfigureOpenTelemetry();
        builder.Logging.AddOpenTelemetry(o => o.AddInMemoryExporter(logs));
        builder.Services.AddOpenTelemetry().WithTracing(t => t.SetSampler(new AlwaysOnSampler()));
        using var host = builder.Build();
        host.Services.GetRequiredService<TracerProvider>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Correlation");

        using var source = new ActivitySource(TelemetryNames.Prefix + ".Tests");
        ActivityTraceId traceId;
        ActivitySpanId spanId;
        using (var activity = source.StartActivity("work"))
        {
            Assert.NotNull(activity); // ServiceDefaults listens to every source under the app's prefix
            (traceId, spanId) = (activity.TraceId, activity.SpanId);
            logger.LogInformation("Handled {Route} for {Tenant}", "/v1/chat", "acme");
        }

        var record = Assert.Single(logs, l => l.CategoryName == "Correlation");
        Assert.Equal(traceId, record.TraceId);
        Assert.Equal(spanId, record.SpanId);
        var attributes = record.Attributes!.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("acme", attributes["Tenant"]);
        Assert.Equal("/v1/chat", attributes["Route"]);
        Assert.Equal("Handled {Route} for {Tenant}", attributes["{OriginalFormat}"]);
    }
}
