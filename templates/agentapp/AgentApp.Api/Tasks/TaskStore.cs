using AgentApp.Contracts;
using AgentApp.Api.Memory;
using Dapr.Actors.Client;

namespace AgentApp.Api.Tasks;

/// <summary>What a call to a task actor came to: the answer, or why task tracking is unavailable (with the fix).</summary>
/// <typeparam name="T">The actor's answer.</typeparam>
/// <param name="Value">The answer, when the actor was reachable.</param>
/// <param name="Problem">Why it was not; null on success.</param>
public sealed record TaskStoreResult<T>(T? Value, string? Problem);

/// <summary>
/// The api's side of <see cref="ITaskActor"/>: calls through the Dapr sidecar, answering "unavailable, and here is the fix"
/// within the sidecar probe's timeout instead of accepting work nobody could track.
/// </summary>
public sealed class TaskStore(IActorProxyFactory proxies, DaprSidecar sidecar, ILogger<TaskStore> logger)
{
    /// <summary>Creates the task, or returns the existing one.</summary>
    public Task<TaskStoreResult<CreateTaskResult>> CreateAsync(string id, CreateTaskRequest request, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.CreateAsync(request), cancellationToken);

    /// <summary>The task as <paramref name="tenant"/> may see it.</summary>
    public Task<TaskStoreResult<AgentTaskView>> GetAsync(string id, string tenant, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.GetAsync(tenant), cancellationToken);

    /// <summary>Marks the task failed (e.g. it could not be enqueued).</summary>
    public Task<TaskStoreResult<AgentTaskStep?>> FailAsync(string id, string error, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.CompleteAsync(new CompleteTaskRequest(false, null, error)), cancellationToken);

    /// <summary>Cancels the task for its owner.</summary>
    public Task<TaskStoreResult<CancelTaskResult>> CancelAsync(string id, string tenant, string reason, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.CancelAsync(new CancelTaskRequest(tenant, reason)), cancellationToken);

    private async Task<TaskStoreResult<T>> CallAsync<T>(string id, Func<ITaskActor, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!await sidecar.IsAvailableAsync(cancellationToken))
        {
            return new TaskStoreResult<T>(default, Unavailable);
        }

        try
        {
            return new TaskStoreResult<T>(await call(TaskActorClient.For(proxies, id, cancellationToken)), null);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Dapr sidecar at {Endpoint} unreachable for task {TaskId}", sidecar.Endpoint, id);
            sidecar.ReportUnreachable();
            return new TaskStoreResult<T>(default, Unavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Task actor call failed for {TaskId}", id);
            return new TaskStoreResult<T>(default,
                $"Task tracking did not answer: the Dapr sidecar at {sidecar.Endpoint} is up, but the call to the task actor failed ({ex.GetType().Name}). Check that the actors service and its sidecar are running.");
        }
    }

    private string Unavailable => $"Agent tasks are off: no Dapr sidecar answered at {sidecar.Endpoint}. {DaprSidecar.InstallHint}";
}
