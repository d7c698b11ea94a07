using AgentApp.Contracts;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks;
using Microsoft.Extensions.Options;

namespace AgentApp.Tests.Tasks.Running;

/// <summary>The worker's event producer once the app has stopped: workflow activities may still be running then.</summary>
public sealed class TaskEventProducerTests
{
    [Fact]
    public async Task A_send_after_the_producer_is_disposed_fails_at_once_instead_of_reaching_a_destroyed_producer()
    {
        var producer = new TaskEventProducer(Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:9" }), Options.Create(new TaskWorkerOptions()));
        producer.Dispose();

        // Without the guard the send would build a fresh producer and wait for a broker that is not there.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => producer
            .PublishAsync("t1", new AgentTaskStep(1, "started", "attempt 1", DateTimeOffset.UnixEpoch), "running", CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
