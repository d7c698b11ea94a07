using System.Collections.Concurrent;
using AgentApp.Api.Tasks;
using AgentApp.Contracts;
using AgentApp.Messaging;

namespace AgentApp.Tests.Support;

/// <summary>An <see cref="ITaskQueue"/> that keeps what it is given, or fails while <see cref="Failure"/> is set.</summary>
public sealed class RecordingTaskQueue : ITaskQueue
{
    /// <summary>Enqueued messages, in order.</summary>
    public ConcurrentQueue<AgentTaskMessage> Messages { get; } = new();

    /// <summary>When set, every enqueue throws it.</summary>
    public Exception? Failure { get; set; }

    /// <inheritdoc />
    public Task EnqueueAsync(AgentTaskMessage message, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }

        Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
