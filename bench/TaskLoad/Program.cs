using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentApp.Agent;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Testing;
using AgentApp.Workflows.InMemory;
using Confluent.Kafka;
using Dapr.Actors.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;

// Loopback only, one process: the librdkafka mock broker, a daprd stand-in, the in-memory workflow engine, the actors
// app, the api on Kestrel and the worker (each task a workflow) with a no-op model. Bounded: --tasks, --latency-tasks; every host is disposed before exit.
var tasks = Arg("--tasks", 2000);
var concurrency = Arg("--concurrency", 32);
var latencyTasks = Arg("--latency-tasks", 200);
var maxConcurrency = Arg("--max-concurrency", 0);
var fetchWaitMs = Arg("--fetch-wait-ms", 5);
// A model's think time: each call waits a random 0..2x this (mean this), as real calls vary; 0 (the default) answers at once.
var modelMs = Arg("--model-ms", 0);
const int Partitions = 6;

var brokerConfig = new AdminClientConfig { BootstrapServers = "ignored:9092" };
brokerConfig.Set("test.mock.num.brokers", "1");
using var broker = new AdminClientBuilder(brokerConfig).Build();
var bootstrap = string.Join(",", broker.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Select(b => $"{b.Host}:{b.Port}"));
var cluster = LibrdkafkaMockCluster.Of(broker);
cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
foreach (var topic in new[] { "agent-tasks", "agent-events", "raw-tasks", "raw-ping" })
{
    cluster.CreateTopic(topic, Partitions, 1);
}

cluster.CreateTopic("agent-tasks-dlq", 1, 1);

await using var sidecar = await FakeDaprSidecar.StartAsync();
await using var engine = await InMemoryWorkflowEngine.StartAsync();
await using var actorsHost = new Host<AgentApp.Actors.ActorsEntryPoint>(new() { ["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint }, "AgentApp.Actors");
sidecar.ConnectApp(actorsHost.CreateClient());
await using var apiHost = new Host<AgentApp.Api.ApiEntryPoint>(new()
{
    ["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint,
    ["ConnectionStrings:kafka"] = bootstrap,
    ["DaprSidecar:ActorCallTimeout"] = "00:01:00",
}, "AgentApp.Api", kestrel: true);
var workerSettings = new Dictionary<string, string?>
{
    ["ConnectionStrings:kafka"] = bootstrap,
    ["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint,
    ["DAPR_GRPC_ENDPOINT"] = engine.Endpoint,
    ["Kafka:FetchWaitMaxMs"] = $"{fetchWaitMs}",
    ["Kafka:SessionTimeoutMs"] = "6000",
};
if (maxConcurrency > 0)
{
    workerSettings["Tasks:MaxConcurrency"] = $"{maxConcurrency}";
}

await using var workerHost = new Host<AgentApp.Worker.WorkerEntryPoint>(workerSettings, "AgentApp.Worker",
    configureServices: services => services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey, new NoOpChatClient(TimeSpan.FromMilliseconds(modelMs))));
_ = workerHost.Services;
using var http = new HttpClient { BaseAddress = new Uri(apiHost.Url) };

using var stop = new CancellationTokenSource();
var done = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
var watcher = Task.Factory.StartNew(() => WatchSucceeded(bootstrap, fetchWaitMs, done, stop.Token), TaskCreationOptions.LongRunning);

Console.WriteLine($"task-load: {tasks} tasks at submit concurrency {concurrency}, {latencyTasks} one at a time; worker MaxConcurrency "
    + $"{(maxConcurrency > 0 ? maxConcurrency : "default")}, fetch.wait.max.ms {fetchWaitMs}, model {(modelMs > 0 ? $"0-{2 * modelMs} ms" : "no-op")}; "
    + "raw consumer on the same mock broker");

// Warm-up: the worker joins its group, then both measured paths run under load until tiered JIT has settled (otherwise
// compiling is a good part of what the first seconds measure).
await RunSequentialAsync(http, done, 20);
await RunConcurrentAsync(http, done, Math.Min(tasks, 1000), concurrency);
await ActorRoundTripsAloneAsync(sidecar.Endpoint, Math.Min(tasks, 1000), concurrency);

var raw1 = RawConsumerRate(bootstrap, fetchWaitMs, tasks);
var latencies = await RunSequentialAsync(http, done, latencyTasks);
var rawPing = RawRoundTrips(bootstrap, fetchWaitMs, latencyTasks);
// CPU time of this process per task, beside the floor's: on a shared machine the rates swing with the load, this less.
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var throughput = await RunConcurrentAsync(http, done, tasks, concurrency);
var taskCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / tasks;
cpu = Process.GetCurrentProcess().TotalProcessorTime;
var floor = await ActorRoundTripsAloneAsync(sidecar.Endpoint, tasks, concurrency);
var floorCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / tasks;
var raw2 = RawConsumerRate(bootstrap, fetchWaitMs, tasks);
var rawRate = (raw1 + raw2) / 2;

stop.Cancel();
await watcher;

var p50 = Percentile(latencies, 50);
var p99 = Percentile(latencies, 99);
Console.WriteLine($"raw consumer   : {raw1:F0} and {raw2:F0} msg/s (mean {rawRate:F0})");
Console.WriteLine($"tasks          : {throughput.Rate:F0} tasks/s over {tasks} ({throughput.Elapsed.TotalSeconds:F2} s); under that load enqueue→done p50 {Percentile(throughput.Latencies, 50):F1} ms, p99 {Percentile(throughput.Latencies, 99):F1} ms");
Console.WriteLine($"one at a time  : enqueue→done p50 {p50:F1} ms, p99 {p99:F1} ms; raw produce→consume p50 {Percentile(rawPing, 50):F1} ms, p99 {Percentile(rawPing, 99):F1} ms");
Console.WriteLine($"task state floor: {floor:F0} tasks/s doing only a task's three actor calls (create, start, complete) through the sidecar at concurrency {concurrency}, no Kafka, no api");
Console.WriteLine($"task cpu       : {taskCpuMs:F2} ms of CPU per task, {floorCpuMs:F2} ms per floor task ({taskCpuMs / floorCpuMs:F2}x), every server of both in this process");
Console.WriteLine($"ratio          : task throughput / raw consumer {throughput.Rate / rawRate:F4}; / state floor {throughput.Rate / floor:F2}");
Console.WriteLine($"RESULT|task throughput vs raw consumer|{throughput.Rate:N0} tasks/s|{rawRate:N0} msg/s|{throughput.Rate / rawRate:0.00##}x|>= 0.50x");
Console.WriteLine($"RESULT|task throughput vs its actor state round trips alone|{throughput.Rate:N0} tasks/s|{floor:N0} tasks/s|{throughput.Rate / floor:0.00}x|report (the ceiling for a task that persists its state)");
Console.WriteLine($"RESULT|task enqueue→done p50|{p50:F1} ms|{Percentile(rawPing, 50):F1} ms (raw produce→consume)|{p50 / Percentile(rawPing, 50):0.00}x|<= 20 ms");
Console.WriteLine($"RESULT|task enqueue→done p99|{p99:F1} ms|{Percentile(rawPing, 99):F1} ms (raw produce→consume)|{p99 / Percentile(rawPing, 99):0.00}x|report");
return 0;

static async Task<double[]> RunSequentialAsync(HttpClient http, ConcurrentDictionary<string, TaskCompletionSource<long>> done, int count)
{
    var latencies = new double[count];
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var id = await SubmitAsync(http, $"noop {Guid.NewGuid():N}");
        var finished = await Waiter(done, id).Task.WaitAsync(TimeSpan.FromSeconds(60));
        latencies[i] = Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds;
    }

    return latencies;
}

static async Task<(double Rate, TimeSpan Elapsed, double[] Latencies)> RunConcurrentAsync(HttpClient http,
    ConcurrentDictionary<string, TaskCompletionSource<long>> done, int count, int concurrency)
{
    var latencies = new ConcurrentBag<double>();
    var next = -1;
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var waits = new List<Task>();
        while (Interlocked.Increment(ref next) < count)
        {
            var submitted = Stopwatch.GetTimestamp();
            var id = await SubmitAsync(http, $"noop {Guid.NewGuid():N}");
            waits.Add(Waiter(done, id).Task.ContinueWith(t => latencies.Add(Stopwatch.GetElapsedTime(submitted, t.Result).TotalMilliseconds),
                TaskScheduler.Default));
        }

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromMinutes(5));
    }));
    var elapsed = Stopwatch.GetElapsedTime(started);
    return (count / elapsed.TotalSeconds, elapsed, [.. latencies]);
}

// The floor every task is held to here: the actor calls that make a task durable (the api's create, the worker's start and
// complete), made directly through the same sidecar and actors app at the same concurrency, with no Kafka, no api and no
// agent. A task cannot finish faster than its state round trips; this says how close the whole path comes to them.
static async Task<double> ActorRoundTripsAloneAsync(string sidecar, int count, int concurrency)
{
    var proxies = new ActorProxyFactory(new ActorProxyOptions { HttpEndpoint = sidecar });
    var next = -1;
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            var actor = TaskActorClient.For(proxies, $"t{Guid.NewGuid():N}", CancellationToken.None);
            await actor.CreateAsync(new CreateTaskRequest("development", $"noop {Guid.NewGuid():N}", null, null));
            await actor.StartAsync(new StartTaskRequest("floor"));
            await actor.CompleteAsync(new CompleteTaskRequest(true, "done", null));
        }
    }));
    return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
}

static async Task<string> SubmitAsync(HttpClient http, string goal)
{
    using var response = await http.PostAsJsonAsync("/v1/tasks", new { goal });
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode
        ? JsonNode.Parse(text)!["taskId"]!.GetValue<string>()
        : throw new InvalidOperationException($"submit failed {(int)response.StatusCode}: {text}");
}

static TaskCompletionSource<long> Waiter(ConcurrentDictionary<string, TaskCompletionSource<long>> done, string id) =>
    done.GetOrAdd(id, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

// Succeeded events are keyed by task id: the first one seen marks the task done.
static void WatchSucceeded(string bootstrap, int fetchWaitMs, ConcurrentDictionary<string, TaskCompletionSource<long>> done, CancellationToken stop)
{
    using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
    {
        BootstrapServers = bootstrap, GroupId = "task-load-watcher", EnableAutoCommit = false, FetchWaitMaxMs = fetchWaitMs,
    }).Build();
    consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset("agent-events", p, Offset.Beginning)));
    try
    {
        while (!stop.IsCancellationRequested)
        {
            var result = consumer.Consume(stop);
            if (result?.Message is { } message && message.Value.Contains("\"kind\":\"succeeded\"", StringComparison.Ordinal))
            {
                Waiter(done, message.Key).TrySetResult(Stopwatch.GetTimestamp());
            }
        }
    }
    catch (OperationCanceledException)
    {
    }

    consumer.Close();
}

// The baseline: a plain consumer draining `count` task-sized messages just produced to the same broker, timed from its
// first message to its last (assigned, not subscribed: no group join in the number).
static double RawConsumerRate(string bootstrap, int fetchWaitMs, int count)
{
    const string Topic = "raw-tasks";
    using var consumer = RawConsumer(bootstrap, fetchWaitMs);
    var starts = EndOffsets(consumer, Topic);
    using (var producer = RawProducer(bootstrap))
    {
        var value = TaskSizedValue();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(Topic, new Message<string, string> { Key = $"t{Guid.NewGuid():N}", Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    consumer.Assign(starts);
    consumer.Consume(TimeSpan.FromSeconds(30));
    var first = Stopwatch.GetTimestamp();
    for (var received = 1; received < count;)
    {
        if (consumer.Consume(TimeSpan.FromSeconds(30)) is not { Message: not null })
        {
            throw new InvalidOperationException($"raw consumer stalled at {received} of {count}");
        }

        received++;
    }

    var rate = (count - 1) / Stopwatch.GetElapsedTime(first).TotalSeconds;
    consumer.Close();
    return rate;
}

// Produce one message (as the api does: idempotent, acks=all, linger 1 ms) and wait for a plain consumer to get it.
static double[] RawRoundTrips(string bootstrap, int fetchWaitMs, int count)
{
    const string Topic = "raw-ping";
    using var consumer = RawConsumer(bootstrap, fetchWaitMs);
    consumer.Assign(EndOffsets(consumer, Topic));
    using var producer = RawProducer(bootstrap);
    var value = TaskSizedValue();
    var latencies = new double[count];
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        producer.ProduceAsync(Topic, new Message<string, string> { Key = $"{i}", Value = value }).GetAwaiter().GetResult();
        while (consumer.Consume(TimeSpan.FromSeconds(30)) is not { Message.Key: var key } || key != $"{i}")
        {
        }

        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    consumer.Close();
    return latencies;
}

static IConsumer<string, string> RawConsumer(string bootstrap, int fetchWaitMs) => new ConsumerBuilder<string, string>(new ConsumerConfig
{
    BootstrapServers = bootstrap, GroupId = "task-load-raw", EnableAutoCommit = false, FetchWaitMaxMs = fetchWaitMs,
}).Build();

static IProducer<string, string> RawProducer(string bootstrap) =>
    new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 1 }).Build();

static List<TopicPartitionOffset> EndOffsets(IConsumer<string, string> consumer, string topic) =>
    [.. Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p))
        .Select(tp => new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High))];

static string TaskSizedValue() => JsonSerializer.Serialize(new
{
    taskId = $"t{Guid.NewGuid():N}", tenant = "development", goal = $"noop {Guid.NewGuid():N}", conversationId = (string?)null,
    enqueuedAt = DateTimeOffset.UtcNow,
}, JsonSerializerOptions.Web);

static double Percentile(double[] values, double percentile)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v >= 0 ? v : fallback;
}

/// <summary>A model that answers at once, or after a random think time: the bench measures the task path, not a model.</summary>
internal sealed class NoOpChatClient(TimeSpan meanLatency) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (meanLatency > TimeSpan.Zero)
        {
            await Task.Delay(meanLatency * 2 * Random.Shared.NextDouble(), cancellationToken); // think time, not synchronisation
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>One of the app's services hosted in this process (Kestrel on 127.0.0.1:0 when asked), logging warnings only.</summary>
internal sealed class Host<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _project;
    private readonly Action<IServiceCollection>? _configureServices;

    public Host(Dictionary<string, string?> settings, string project, bool kestrel = false, Action<IServiceCollection>? configureServices = null)
    {
        _settings = settings;
        _project = project;
        _configureServices = configureServices;
        if (kestrel)
        {
            // Not UseKestrel(0): it rewrites the addresses while the app binds them (dotnet/aspnetcore#67714).
            UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
            StartServer();
            Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    public string Url { get; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // The nearest solution above bench/ is the repository's, not the reference app's.
        builder.UseSolutionRelativeContentRoot($"templates/agentapp/{_project}", "AgentApp.Templates.slnx");
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }
}
