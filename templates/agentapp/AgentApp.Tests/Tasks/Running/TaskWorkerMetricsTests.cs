using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using AgentApp.Testing;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>The worker's task metrics, read with a <see cref="MeterListener"/> scoped to this worker's meter factory.</summary>
public sealed class TaskWorkerMetricsTests(TaskWorkerFixture fixture) : IClassFixture<TaskWorkerFixture>
{
    [Fact]
    public async Task Outcomes_retries_dead_letters_durations_and_lag_are_measured()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var meters = fixture.Worker.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            // Other tests' workers run in this process too: only this worker's meter counts.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TaskWorkerMetrics.MeterName && instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();
        using var api = fixture.Api.CreateClient();

        var ok = await SubmitAsync(api, new { goal = "hello", conversationId = "conv-metrics-ok" });
        var poison = await SubmitAsync(api, new { goal = $"{WorkerFactory.Poison} for metrics", conversationId = "conv-metrics-poison" });
        await Poll.UntilAsync(() => Sum(measurements, "agentapp.tasks.succeeded") + Sum(measurements, "agentapp.tasks.failed") >= 2, cts.Token,
            () => $"tasks {ok} and {poison} did not both end: {string.Join(", ", measurements.Select(m => m.Name))}");

        Assert.Equal(2, Sum(measurements, "agentapp.tasks.started")); // each task started once; the poison's model call was retried inside
        Assert.Equal(1, Sum(measurements, "agentapp.tasks.succeeded"));
        Assert.Equal(1, Sum(measurements, "agentapp.tasks.failed"));
        Assert.Equal(2, Sum(measurements, "agentapp.tasks.retried"));
        Assert.Equal(1, Sum(measurements, "agentapp.tasks.dead_lettered"));
        var durations = measurements.Where(m => m.Name == "agentapp.task.duration").ToList();
        Assert.Equal(["failed", "succeeded"], durations.Select(d => (string)d.Tags[TaskWorkerMetrics.OutcomeTag]!).Order());
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 120));

        // Both tasks' offsets are committed once their state is durable: every assigned partition's lag drains to 0.
        List<(string Name, double Value, Dictionary<string, object?> Tags)> lag = [];
        await Poll.UntilAsync(() =>
        {
            measurements.Clear();
            listener.RecordObservableInstruments();
            lag = [.. measurements.Where(m => m.Name == "agentapp.tasks.consumer.lag")];
            return lag.Count > 0 && lag.All(m => m.Value == 0);
        }, cts.Token, () => "lag never drained: " + string.Join(", ", lag.Select(m => $"{m.Tags["messaging.destination.partition.id"]}={m.Value}")));
        Assert.All(lag, m =>
        {
            Assert.Equal("agent-tasks", m.Tags["messaging.destination.name"]);
            Assert.Equal("agent-workers", m.Tags["messaging.consumer.group.name"]);
            Assert.InRange(int.Parse((string)m.Tags["messaging.destination.partition.id"]!, System.Globalization.CultureInfo.InvariantCulture), 0, 5);
        });
    }

    [Fact]
    public async Task Consumer_lag_is_the_high_watermark_minus_the_committed_offset()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var kafka = new KafkaMock(("lagged", 1));
        for (var i = 0; i < 5; i++)
        {
            await kafka.ProduceAsync("lagged", "k", $"m{i}");
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers, GroupId = "lag-test", EnableAutoCommit = false, FetchWaitMaxMs = 5,
        }).Build();
        var partition = new TopicPartition("lagged", 0);
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var first = consumer.Consume(cts.Token); // the fetch brings the high watermark along
        var lag = new ConsumerLag();
        lag.Attach(consumer, "lag-test");

        Assert.Empty(lag.Observe()); // nothing delivered yet since the assignment: the committed position is unknown
        lag.Delivered(first.TopicPartitionOffset);
        var measured = Assert.Single(lag.Observe());
        Assert.Equal(5, measured.Value);
        Assert.Contains(new KeyValuePair<string, object?>("messaging.destination.partition.id", "0"), measured.Tags.ToArray());
        lag.Committed([new TopicPartitionOffset(partition, 3)]);
        Assert.Equal(2, Assert.Single(lag.Observe()).Value);
        lag.Detach();
        Assert.Empty(lag.Observe());
        consumer.Close();
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        return copy;
    }

    private static double Sum(IEnumerable<(string Name, double Value, Dictionary<string, object?> Tags)> measurements, string name) =>
        measurements.Where(m => m.Name == name).Sum(m => m.Value);

    private static async Task<string> SubmitAsync(HttpClient api, object body)
    {
        using var response = await api.PostAsJsonAsync("/v1/tasks", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["taskId"]!.GetValue<string>();
    }
}
