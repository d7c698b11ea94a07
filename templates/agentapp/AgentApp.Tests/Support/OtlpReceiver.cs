using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Support;

/// <summary>A span as a service exported it over OTLP.</summary>
public sealed record ExportedSpan(string Service, string TraceId, string Name, int StatusCode, string StatusMessage)
{
    /// <summary>When the receiver got it (for failure messages: did export stall, or did these spans go elsewhere?).</summary>
    public DateTimeOffset Received { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>OTLP's <c>STATUS_CODE_ERROR</c>.</summary>
    public const int Error = 2;
}

/// <summary>A log record as a service exported it over OTLP.</summary>
public sealed record ExportedLog(string Service, string Category, int Severity, string Body)
{
    /// <summary>When the receiver got it.</summary>
    public DateTimeOffset Received { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>OTLP's <c>SEVERITY_NUMBER_WARN</c>: 13 to 16 are warnings.</summary>
    public const int Warning = 13;

    /// <summary>OTLP's <c>SEVERITY_NUMBER_ERROR</c>: 17 and above are errors.</summary>
    public const int Error = 17;
}

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on loopback, standing where the dashboard's OTLP endpoint would be: services export to
/// it as they would in production, and tests read what arrived. Only the fields tests look at are decoded, with the
/// protobuf wire reader (field numbers from opentelemetry-proto's trace.proto, logs.proto, common.proto, resource.proto).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base endpoint to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with protocol <c>http/protobuf</c>).</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Spans received so far.</summary>
    public ConcurrentQueue<ExportedSpan> Spans { get; } = new();

    /// <summary>Log records received so far.</summary>
    public ConcurrentQueue<ExportedLog> Logs { get; } = new();

    /// <summary>Starts listening on 127.0.0.1 at a free port.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A service starved of CPU uploads its batch slowly: take it whole rather than cut it off (a cut batch is dropped).
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (HttpContext c) => receiver.ReceiveAsync(c, receiver.ReadTraces));
        app.MapPost("/v1/logs", (HttpContext c) => receiver.ReceiveAsync(c, receiver.ReadLogs));
        app.MapPost("/v1/metrics", (HttpContext c) => receiver.ReceiveAsync(c, _ => { }));
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveAsync(HttpContext context, Action<ByteString> read)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        read(ByteString.CopyFrom(body.ToArray()));
        // An empty Export*ServiceResponse: full success.
        context.Response.ContentType = "application/x-protobuf";
    }

    private void ReadTraces(ByteString request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var span in Messages(resourceSpans, 2).SelectMany(scope => Messages(scope, 2)))
            {
                var status = Messages(span, 15).FirstOrDefault() ?? ByteString.Empty;
                Spans.Enqueue(new ExportedSpan(service, Convert.ToHexStringLower(Bytes(span, 1).ToByteArray()), Text(span, 5),
                    (int)Varint(status, 3), Text(status, 2)));
            }
        }
    }

    private void ReadLogs(ByteString request)
    {
        foreach (var resourceLogs in Messages(request, 1))
        {
            var service = ServiceName(resourceLogs);
            foreach (var scope in Messages(resourceLogs, 2))
            {
                var category = Text(Messages(scope, 1).FirstOrDefault() ?? ByteString.Empty, 1);
                foreach (var record in Messages(scope, 2))
                {
                    var body = Messages(record, 5).FirstOrDefault() ?? ByteString.Empty;
                    Logs.Enqueue(new ExportedLog(service, category, (int)Varint(record, 2), Text(body, 1)));
                }
            }
        }
    }

    // Resource (field 1) → attributes (1) → KeyValue{key 1, value 2 → AnyValue{string_value 1}} named service.name.
    private static string ServiceName(ByteString resourceOwner) =>
        Messages(Messages(resourceOwner, 1).FirstOrDefault() ?? ByteString.Empty, 1)
            .Where(attribute => Text(attribute, 1) == "service.name")
            .Select(attribute => Text(Messages(attribute, 2).FirstOrDefault() ?? ByteString.Empty, 1))
            .FirstOrDefault() ?? "";

    private static IEnumerable<ByteString> Messages(ByteString message, int field) =>
        Fields(message).Where(f => f.Number == field && f.Bytes is not null).Select(f => f.Bytes!);

    private static ByteString Bytes(ByteString message, int field) => Messages(message, field).FirstOrDefault() ?? ByteString.Empty;

    private static string Text(ByteString message, int field) => Bytes(message, field).ToStringUtf8();

    private static ulong Varint(ByteString message, int field) =>
        Fields(message).Where(f => f.Number == field && f.Bytes is null).Select(f => f.Value).FirstOrDefault();

    private static List<(int Number, ByteString? Bytes, ulong Value)> Fields(ByteString message)
    {
        var fields = new List<(int, ByteString?, ulong)>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add((number, null, input.ReadUInt64()));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((number, input.ReadBytes(), 0));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add((number, null, input.ReadFixed64()));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add((number, null, input.ReadFixed32()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }
}
