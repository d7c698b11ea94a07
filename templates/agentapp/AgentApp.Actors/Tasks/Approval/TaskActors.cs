using AgentApp.Contracts;
using Dapr.Actors.Client;

namespace AgentApp.Actors.Tasks.Approval;

/// <summary>Task actors as the workflow's activities reach them (through the sidecar, like any caller).</summary>
public interface ITaskActors
{
    /// <summary>The actor holding task <paramref name="taskId"/>.</summary>
    ITaskActor For(string taskId);
}

/// <summary><see cref="ITaskActors"/> over the runtime's actor proxy factory.</summary>
public sealed class TaskActorsThroughSidecar(IActorProxyFactory proxies) : ITaskActors
{
    /// <inheritdoc />
    public ITaskActor For(string taskId) =>
        TaskActorClient.For(proxies, taskId, CancellationToken.None);
}
