using AgentApp.Contracts;
using AgentApp.Api.Dapr;

namespace AgentApp.Api.Tasks;

/// <summary>
/// The api's side of <see cref="ITaskActor"/>: calls through the Dapr sidecar, answering "unavailable, and here is the fix"
/// within the sidecar probe's timeout instead of accepting work nobody could track.
/// </summary>
public sealed class TaskTracker(ActorCalls calls)
{
    /// <summary>How problems name this feature.</summary>
    public const string Feature = "Task tracking";

    /// <summary>Creates the task, or returns the existing one.</summary>
    public Task<ActorCallResult<CreateTaskResult>> CreateAsync(string id, CreateTaskRequest request, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.CreateAsync(request), cancellationToken);

    /// <summary>The task as <paramref name="tenant"/> may see it.</summary>
    public Task<ActorCallResult<AgentTask?>> GetAsync(string id, string tenant, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.GetAsync(tenant), cancellationToken);

    /// <summary>Marks the task failed (e.g. it could not be enqueued).</summary>
    public Task<ActorCallResult<AgentTaskStep?>> FailAsync(string id, string error, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.CompleteAsync(new CompleteTaskRequest(false, null, error)), cancellationToken);

    /// <summary>Cancels the task for its owner.</summary>
    public Task<ActorCallResult<CancelTaskResult>> CancelAsync(string id, string tenant, string reason, CancellationToken cancellationToken) =>
        CallAsync(id, actor => actor.CancelAsync(new CancelTaskRequest(tenant, reason)), cancellationToken);

    private Task<ActorCallResult<T>> CallAsync<T>(string id, Func<ITaskActor, Task<T>> call, CancellationToken cancellationToken) =>
        calls.CallAsync(Feature, TaskActorType.Name, id, (proxy, token) => call(new TaskActorClient(proxy, token)), cancellationToken);
}
