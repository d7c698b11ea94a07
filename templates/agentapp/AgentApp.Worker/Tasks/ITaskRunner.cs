using Confluent.Kafka;

namespace AgentApp.Worker.Tasks;

/// <summary>What the consumer hands each delivered task message to.</summary>
public interface ITaskRunner
{
    /// <summary>Takes <paramref name="delivery"/> on; never throws for a task's own failure.</summary>
    Task<TaskOutcome> RunAsync(ConsumeResult<string, string> delivery, CancellationToken cancellationToken);
}
