using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using AgentApp.Testing;
using AgentApp.Tests.Gateway;
using AgentApp.Workflows.InMemory;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AgentApp.Tests.Telemetry;

/// <summary>
/// One trace id from the gateway through the api and Kafka to the worker. Real HTTP (the gateway
/// and the api on Kestrel), the mock broker over TCP, the real worker; each service exports its spans through its own
/// OpenTelemetry pipeline (the service defaults plus an in-memory exporter).
/// </summary>
/// <remarks>
/// The three services share this process, so each pipeline also sees the others' spans (listeners are per source name,
/// not per host): the test reads each service's own spans from its exporter by kind and name, and proves the chain by
/// parent span ids, which no shared listener could fake.
/// </remarks>
[Collection(EdgeCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class EndToEndTraceTests(EdgeFixture edge)
{
    private const string KeySecret = "trace-key-0123456789abcdef";

    [Fact]
    public async Task One_trace_runs_from_the_gateway_through_the_api_and_kafka_to_the_worker()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var kafka = new KafkaMock(("agent-tasks", 2), ("agent-events", 1), ("agent-tasks-dlq", 1));
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        await using var actors = new ActorsFactory(sidecar.Endpoint, TimeProvider.System);
        sidecar.ConnectApp(actors.CreateClient());
        SpanSink gatewaySpans = new(), apiSpans = new(), workerSpans = new();

        await using var api = new ApiFactory
        {
            Environment = "Production",
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(apiSpans)),
        };
        api.Settings["Gateway:Secret"] = EdgeFixture.GatewaySecret;
        api.Settings["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint;
        api.Settings["ConnectionStrings:kafka"] = kafka.BootstrapServers;
        api.UseKestrelOnLoopback();
        api.StartServer();
        var apiUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var worker = new WorkerFactory(kafka.BootstrapServers, sidecar.Endpoint, engine.Endpoint)
        {
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(workerSpans)),
        };
        _ = worker.Services;

        var tenant = EdgeFixture.NewTenant("trace");
        await using var gateway = new GatewayInstance(
            edge.Settings([("ReverseProxy:Clusters:api:Destinations:api:Address", apiUrl), .. EdgeFixture.Key("trace", KeySecret, tenant, ["tasks"])]),
            configure: host => host.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(gatewaySpans))));
        using var client = gateway.CreateClient();

        // The caller's own span: the test's HttpClient starts its client span under it, so the whole trace is the caller's.
        using var caller = new Activity("test caller");
        caller.SetIdFormat(ActivityIdFormat.W3C);
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        caller.Start();
        var traceId = caller.TraceId;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tasks") { Content = JsonContent.Create(new { goal = "hello" }) };
        request.Headers.Add("X-Api-Key", KeySecret);
        using var response = await client.SendAsync(request, cts.Token);
        var text = await response.Content.ReadAsStringAsync(cts.Token);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        var taskId = JsonNode.Parse(text)!["taskId"]!.GetValue<string>();

        // The worker's span ends after the task's final event: wait for its export.
        await Poll.UntilAsync(() => workerSpans.Snapshot().Any(s => s.TraceId == traceId && s.DisplayName == "process agent-tasks"), cts.Token,
            () => $"no worker span in trace {traceId}; exported:\n" + string.Join("\n", workerSpans.Snapshot()
                .Where(s => s.Kind != ActivityKind.Internal).Select(s => $"{s.DisplayName} {s.Kind} {s.TraceId} {s.SpanId} <- {s.ParentSpanId}")));

        // Each service's exporter has its part: the gateway its request, the api its request and the send, the worker the process.
        var gatewayServer = Assert.Single(gatewaySpans.Snapshot(), s => s.TraceId == traceId && s.Kind == ActivityKind.Server && s.DisplayName.Contains("{**rest}", StringComparison.Ordinal));
        var apiServer = Assert.Single(apiSpans.Snapshot(), s => s.TraceId == traceId && s.Kind == ActivityKind.Server && s != gatewayServer
            && s.DisplayName.StartsWith("POST /v1/tasks", StringComparison.Ordinal)); // not the fake sidecar's, also in this trace
        var send = Assert.Single(apiSpans.Snapshot(), s => s.TraceId == traceId && s.DisplayName == "send agent-tasks");
        var process = Assert.Single(workerSpans.Snapshot(), s => s.TraceId == traceId && s.DisplayName == "process agent-tasks");

        // The chain by parent span ids, child to parent: worker process → api send → api request → gateway's forwarded
        // call → gateway request → the test's call → the caller.
        var all = gatewaySpans.Snapshot().Concat(apiSpans.Snapshot()).Concat(workerSpans.Snapshot())
            .Where(s => s.TraceId == traceId).DistinctBy(s => s.SpanId).ToDictionary(s => s.SpanId);
        var chain = new List<Activity>();
        for (var span = process; span is not null; span = all.GetValueOrDefault(span.ParentSpanId))
        {
            chain.Add(span);
        }

        var names = string.Join(" <- ", chain.Select(s => $"{s.DisplayName} ({s.Kind})"));
        Assert.True(chain.Select(s => s.Kind).SequenceEqual([ActivityKind.Consumer, ActivityKind.Producer, ActivityKind.Server, ActivityKind.Client,
            ActivityKind.Server, ActivityKind.Client]), names);
        Assert.Equal([process, send, apiServer], chain.Take(3));
        Assert.Same(gatewayServer, chain[4]);
        Assert.Equal(caller.SpanId, chain[^1].ParentSpanId);

        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("kafka", send.GetTagItem("messaging.system"));
        Assert.Equal("send", send.GetTagItem("messaging.operation.type"));
        Assert.Equal("agent-tasks", send.GetTagItem("messaging.destination.name"));
        Assert.Equal(taskId, send.GetTagItem("messaging.kafka.message.key"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
        Assert.Equal("agent-workers", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(send.GetTagItem("messaging.destination.partition.id"), process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(send.GetTagItem("messaging.kafka.offset"), process.GetTagItem("messaging.kafka.offset"));

        // The task's progress events (started, succeeded) go out from the steps of its workflow, each step a span under the
        // process span (the workflow continues the trace it was started in), each event its own send span.
        await Poll.UntilAsync(() => workerSpans.Snapshot().Count(s => s.TraceId == traceId && s.DisplayName == "send agent-events") >= 2, cts.Token,
            () => "fewer than two event sends in the trace");
        var spans = workerSpans.Snapshot().Where(s => s.TraceId == traceId).DistinctBy(s => s.SpanId).ToDictionary(s => s.SpanId);
        var events = spans.Values.Where(s => s.DisplayName == "send agent-events").ToList();
        Assert.All(events, e =>
        {
            Assert.Equal(ActivityKind.Producer, e.Kind);
            var step = spans[e.ParentSpanId];
            Assert.StartsWith("task ", step.DisplayName, StringComparison.Ordinal);
            Assert.Equal((process.SpanId, taskId), (step.ParentSpanId, (string?)step.GetTagItem("agentapp.task.id")));
            Assert.Equal("agent-events", e.GetTagItem("messaging.destination.name"));
            Assert.Equal(taskId, e.GetTagItem("messaging.kafka.message.key"));
            Assert.NotNull(e.GetTagItem("messaging.kafka.offset"));
        });
    }
}
