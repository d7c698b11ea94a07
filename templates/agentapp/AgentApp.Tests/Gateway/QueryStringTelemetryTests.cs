using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// A key sent in the query string is refused, and the URL that carried it reaches no exported span (read from the
/// in-memory exporter behind the gateway's redacting processor) and no log record, with every category at Trace.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class QueryStringTelemetryTests(EdgeFixture fixture)
{
    private const string Key = "query-key-0123456789abcdefXYZ";

    [Fact]
    public async Task A_key_in_the_query_string_appears_in_no_exported_span_or_log_record()
    {
        var tenant = EdgeFixture.NewTenant("query");
        var spans = new List<Activity>();
        var logs = new CapturingLoggerProvider();
        var settings = fixture.Settings(EdgeFixture.Key("k", Key, tenant, ["chat", "conversations"]));
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        settings["Logging:LogLevel:Yarp"] = "Trace";
        using (var gateway = new GatewayInstance(settings, configure: web =>
               {
                   web.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
                   web.ConfigureLogging(logging => logging.AddProvider(logs));
               }))
        using (var client = gateway.CreateClient())
        {
            using var refused = await client.GetAsync($"/v1/conversations/c1?api_key={Key}&access_token={Key}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            // An authenticated request whose query carries the key under another credential name is forwarded, and logged, too.
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/conversations/c2?page=2&apiKey={Key}");
            request.Headers.Add("X-Api-Key", Key);
            using var forwarded = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        }

        Assert.Contains(spans, s => s.GetTagItem("url.query") is string q && q.Contains("api_key=", StringComparison.Ordinal));
        Assert.All(spans, span =>
        {
            var text = string.Join('\n', [span.DisplayName, span.StatusDescription ?? "", .. span.TagObjects.Select(t => $"{t.Key}={t.Value}")]);
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        });
        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, entry => Assert.DoesNotContain(Key, entry.AllText, StringComparison.Ordinal));
    }
}
