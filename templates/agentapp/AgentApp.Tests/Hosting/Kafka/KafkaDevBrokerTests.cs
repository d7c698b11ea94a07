using System.Net.Sockets;
using System.Net;
using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Aspire.Hosting;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Hosting.Kafka;

/// <summary>A real AppHost in Local mode: the dev broker starts, serves Kafka clients and dependents, and stops.</summary>
public class KafkaDevBrokerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    // A bare AppHost (not AgentApp's Program.cs, which other resources will join) that borrows the AppHost project's
    // DCP location; the testing builder cannot do that without running the AppHost's entry point.
    private static IDistributedApplicationBuilder LocalAppHost() =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--Infrastructure:Mode=Local"],
            AssemblyName = typeof(Projects.AgentApp_AppHost).Assembly.GetName().Name,
            DisableDashboard = true,
            AllowUnsecuredTransport = true,
        });

    [Fact]
    public async Task Dev_brokers_serve_topics_and_dependents_then_close_their_ports_on_stop()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        var ct = cts.Token;
        var fixedPort = Loopback.FreePort();

        var builder = LocalAppHost();
        var kafka = builder.AddKafka("kafka", port: fixedPort).WithTopics("orders:4", "orders-processed");
        var events = builder.AddKafka("events").WithTopics("task-events:3");
        // A dependent process: it may only start once both brokers are healthy, and sees their connection strings.
        builder.AddExecutable("probe", "sh", Path.GetTempPath(), "-c", "echo kafka=$ConnectionStrings__kafka events=$ConnectionStrings__events")
            .WithReference(kafka).WaitFor(kafka)
            .WithReference(events).WaitFor(events);

        await using var app = builder.Build();
        await app.StartAsync(ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("kafka", ct);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("events", ct);

        var bootstrap = await app.GetConnectionStringAsync("kafka", ct);
        Assert.Equal($"127.0.0.1:{fixedPort}", bootstrap);
        var eventsBootstrap = await app.GetConnectionStringAsync("events", ct);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", eventsBootstrap);

        // Declared topics exist with their partition counts, on both brokers.
        Assert.Equal(new Dictionary<string, int> { ["orders"] = 4, ["orders-processed"] = 1 }, PartitionCounts(bootstrap!, "orders", "orders-processed"));
        Assert.Equal(new Dictionary<string, int> { ["task-events"] = 3 }, PartitionCounts(eventsBootstrap!, "task-events"));

        // A round trip through the forwarder, with a consumer group (rebalance delay 0 keeps the join short).
        await ProduceAndConsumeAsync(bootstrap!, "orders", ct);
        await ProduceAndConsumeAsync(eventsBootstrap!, "task-events", ct);

        // The dashboard's view of it.
        Assert.True(app.ResourceNotifications.TryGetCurrentState("kafka", out var state));
        Assert.Equal(KafkaDevBrokerBuilderExtensions.ResourceType, state.Snapshot.ResourceType);
        Assert.Equal(KnownResourceStates.Running, state.Snapshot.State?.Text);
        Assert.Contains(state.Snapshot.Properties, p => p.Name == "kafka.bootstrapServers" && Equals(p.Value, bootstrap));
        Assert.Contains(state.Snapshot.Urls, u => u.Url == $"tcp://127.0.0.1:{fixedPort}" && !u.IsInactive);
        Assert.Contains("in-memory mock cluster", await FirstLogLineContainingAsync(app, "kafka", "in-memory", ct));

        // WaitFor released the dependent, and WithReference gave it both connection strings.
        await app.ResourceNotifications.WaitForResourceAsync("probe", KnownResourceStates.TerminalStates, ct);
        var probeOutput = await AllLogLinesAsync(app, "probe", ct);
        Assert.True(probeOutput.Any(l => l.EndsWith($" kafka={bootstrap} events={eventsBootstrap}", StringComparison.Ordinal)),
            "The probe did not print both connection strings:\n" + string.Join('\n', probeOutput));

        await app.StopAsync(ct);

        AssertClosed(bootstrap!);
        AssertClosed(eventsBootstrap!);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("kafka", out var stopped));
        Assert.Equal(KnownResourceStates.Finished, stopped.Snapshot.State?.Text);
    }

    [Fact]
    public async Task A_taken_fixed_port_fails_the_start_with_a_message_naming_it()
    {
        using var cts = new CancellationTokenSource(s_timeout);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var builder = LocalAppHost();
        builder.AddKafka("kafka", port: port);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync(cts.Token));
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    private static Dictionary<string, int> PartitionCounts(string bootstrap, params string[] topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        return metadata.Topics.Where(t => topics.Contains(t.Topic)).ToDictionary(t => t.Topic, t => t.Partitions.Count);
    }

    private static async Task ProduceAndConsumeAsync(string bootstrap, string topic, CancellationToken ct)
    {
        var value = Guid.NewGuid().ToString("N");
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 0 }).Build())
        {
            var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "task-1", Value = value }, ct);
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"test-{topic}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            SessionTimeoutMs = 6000,
        }).Build();
        consumer.Subscribe(topic);
        try
        {
            // Consume blocks on librdkafka until a record arrives or the test's deadline cancels it.
            var record = await Task.Run(() => consumer.Consume(ct), ct);
            Assert.Equal(("task-1", value), (record.Message.Key, record.Message.Value));
        }
        finally
        {
            consumer.Close(); // leave the group, so the broker has no member to time out
        }
    }

    private static async Task<string> FirstLogLineContainingAsync(DistributedApplication app, string resource, string text, CancellationToken ct)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        await foreach (var batch in logs.WatchAsync(resource).WithCancellation(ct))
        {
            if (batch.FirstOrDefault(l => l.Content.Contains(text, StringComparison.Ordinal)) is { Content: { } line })
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The log of '{resource}' ended without '{text}'.");
    }

    // For a resource that has finished: DCP keeps its output, keyed by instance name, and this reads it to the end.
    private static async Task<List<string>> AllLogLinesAsync(DistributedApplication app, string resourceName, CancellationToken ct)
    {
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(ct))
        {
            lines.AddRange(batch.Select(l => l.Content));
        }

        return lines;
    }

    private static void AssertClosed(string bootstrap)
    {
        var port = int.Parse(bootstrap.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.Throws<SocketException>(() => client.Connect(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
