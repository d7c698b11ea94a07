using System.Net;
using System.Text.Json;
using AgentApp.Testing;
using AgentApp.Tests.Api;
using AgentApp.Tests.Support;
using Confluent.Kafka;

namespace AgentApp.Tests.Worker;

/// <summary>A worker whose Dapr sidecar is down stays ready and hands tasks back: nothing is dead-lettered, nothing committed.</summary>
public sealed class SidecarDownWorkerTests
{
    [Fact]
    public async Task Tasks_are_handed_back_and_redelivered_not_dead_lettered_and_the_worker_stays_healthy()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var kafka = new KafkaMock(("agent-tasks", 2), ("agent-events", 1), ("agent-tasks-dlq", 1));
        await using var worker = new WorkerFactory(kafka.BootstrapServers, Loopback.ClosedPortUrl());
        using var client = worker.CreateClient();
        var id = $"t{Guid.NewGuid():N}";

        await kafka.ProduceAsync("agent-tasks", id, JsonSerializer.Serialize(new
        {
            taskId = id, tenant = "development", goal = "hello", conversationId = (string?)null, enqueuedAt = DateTimeOffset.UtcNow,
        }));
        // Two hand-backs of the same task: it was sought back to and delivered again, so its offset was not committed.
        await worker.Logs.WaitForAsync($"Task {id} handed back", 2, cts.Token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", cts.Token)).StatusCode);
        using var probe = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "agent-workers" }).Build();
        Assert.Equal(0, probe.QueryWatermarkOffsets(new TopicPartition("agent-tasks-dlq", 0), TimeSpan.FromSeconds(10)).High.Value);
        Assert.Equal(0, probe.QueryWatermarkOffsets(new TopicPartition("agent-events", 0), TimeSpan.FromSeconds(10)).High.Value);
        var committed = probe.Committed([new TopicPartition("agent-tasks", 0), new TopicPartition("agent-tasks", 1)], TimeSpan.FromSeconds(10));
        Assert.All(committed, c => Assert.True(c.Offset.Value <= 0, $"{c.TopicPartition} committed at {c.Offset}"));
    }
}
