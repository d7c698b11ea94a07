using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Telemetry;

/// <summary>
/// The service defaults give every HttpClient the standard resilience handler, except the OTLP exporters' own: retries and
/// a circuit breaker there would hold telemetry back or drop it without a word (the exporter retries by itself).
/// </summary>
public sealed class ExporterHttpClientTests
{
    [Theory]
    [InlineData("OtlpTraceExporter", false)]
    [InlineData("OtlpMetricExporter", false)]
    [InlineData("OtlpLogExporter", false)]
    [InlineData("", true)]
    [InlineData("api", true)]
    public void Only_the_apps_own_clients_get_the_resilience_handler(string client, bool resilient)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")]);
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var handlers = new List<string>();
        for (var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client);
             handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            handlers.Add(handler.GetType().Name);
        }

        Assert.Equal(resilient, handlers.Any(h => h.Contains("Resilience", StringComparison.Ordinal)));
    }
}
