using System.Net;
using System.Text;
using System.Text.Json;
using AgentApp.Contracts;
using AgentApp.Testing;
using AgentApp.Tests.Tasks;
using Confluent.Kafka;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>
/// A worker whose Dapr sidecar is down stays ready and hands tasks back: nothing is committed, and a message is handed
/// back a bounded number of times, with a growing wait, before it is dead-lettered with the reason and its task failed.
/// </summary>
public sealed class SidecarDownWorkerTests
{
    [Fact]
    public async Task Tasks_are_handed_back_and_redelivered_not_dead_lettered_and_the_worker_stays_healthy()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var kafka = new KafkaMock(("agent-tasks", 2), ("agent-events", 1), ("agent-tasks-dlq", 1));
        await using var worker = new WorkerFactory(kafka.BootstrapServers, Loopback.ClosedPortUrl());
        worker.Settings["Tasks:WorkflowCallTimeout"] = "00:00:00.500";
        using var client = worker.CreateClient();
        var id = $"t{Guid.NewGuid():N}";

        await kafka.ProduceAsync("agent-tasks", id, TaskMessage(id));
        // Two hand-backs of the same task: it was sought back to and delivered again, so its offset was not committed.
        await worker.Logs.WaitForAsync($"Task {id} handed back", 2, cts.Token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", cts.Token)).StatusCode);
        using var probe = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "agent-workers" }).Build();
        Assert.Equal(0, probe.QueryWatermarkOffsets(new TopicPartition("agent-tasks-dlq", 0), TimeSpan.FromSeconds(10)).High.Value);
        Assert.Equal(0, probe.QueryWatermarkOffsets(new TopicPartition("agent-events", 0), TimeSpan.FromSeconds(10)).High.Value);
        var committed = probe.Committed([new TopicPartition("agent-tasks", 0), new TopicPartition("agent-tasks", 1)], TimeSpan.FromSeconds(10));
        Assert.All(committed, c => Assert.True(c.Offset.Value <= 0, $"{c.TopicPartition} committed at {c.Offset}"));
    }

    [Fact]
    public async Task A_task_handed_back_too_often_is_dead_lettered_with_the_reason_and_failed_after_growing_waits()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var kafka = new KafkaMock(("agent-tasks", 1), ("agent-events", 1), ("agent-tasks-dlq", 1));
        // The actors answer; only the workflow engine is away (a closed port).
        await using var backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        await using var worker = new WorkerFactory(kafka.BootstrapServers, backend.Sidecar.Endpoint);
        worker.Settings["Tasks:MaxHandBacks"] = "3";
        worker.Settings["Tasks:HandBackDelay"] = "00:00:00.200";
        worker.Settings["Tasks:WorkflowCallTimeout"] = "00:00:00.500";
        var id = TaskActorType.IdFor("development", $"handback-{Guid.NewGuid():N}");
        await backend.Actor(id).CreateAsync(new CreateTaskRequest("development", "hello", null, null));
        _ = worker.Services;

        await kafka.ProduceAsync("agent-tasks", id, TaskMessage(id));
        var letters = await kafka.ReadUntilAsync("agent-tasks-dlq", 1, read => read.Any(m => m.Key == id), cts.Token);
        await Poll.UntilAsync(async () => (await backend.Actor(id).GetAsync("development"))?.Status == "failed", "the task to be marked failed");

        var letter = Assert.Single(letters, m => m.Key == id);
        Assert.True(letter.Headers.TryGetLastBytes("x-error", out var error));
        Assert.StartsWith("Handed back 3 times (the workflow engine did not take the task); last: ", Encoding.UTF8.GetString(error));
        var task = Assert.IsType<AgentTask>(await backend.Actor(id).GetAsync("development"));
        Assert.Equal(Encoding.UTF8.GetString(error), task.Error);
        Assert.Equal(2, worker.Logs.Lines.Count(l => l.Contains($"Task {id} handed back", StringComparison.Ordinal)));
        // The waits grew: 200 ms after the first hand-back, 400 ms after the second.
        var waits = worker.Logs.Lines.Where(l => l.Contains("Redelivering handed-back messages in", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, waits.Count);
        Assert.Contains("in 00:00:00.2000000 (hand-back 1 ", waits[0], StringComparison.Ordinal);
        Assert.Contains("in 00:00:00.4000000 (hand-back 2 ", waits[1], StringComparison.Ordinal);
        var events = await kafka.ReadUntilAsync("agent-events", 1, read => read.Any(m => m.Key == id && m.Value.Contains("\"failed\"", StringComparison.Ordinal)), cts.Token);
        Assert.Single(events, m => m.Key == id);
        using var probe = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "agent-workers" }).Build();
        await Poll.UntilAsync(() => probe.Committed([new TopicPartition("agent-tasks", 0)], TimeSpan.FromSeconds(10))[0].Offset.Value == 1,
            "the dead-lettered message to be committed");
    }

    private static string TaskMessage(string id) => JsonSerializer.Serialize(new
    {
        taskId = id, tenant = "development", goal = "hello", conversationId = (string?)null, enqueuedAt = DateTimeOffset.UtcNow,
    });
}
