using Dapr.Actors;
using Dapr.Actors.Client;

namespace AgentApp.Contracts;

/// <summary>
/// <see cref="ITaskActor"/> over Dapr's plain actor invocation (<c>PUT /v1.0/actors/TaskActor/{id}/method/{name}</c>, one
/// JSON argument, JSON result), shared by the api and the workers: the contract records are the wire format.
/// </summary>
public sealed class TaskActorClient(ActorProxy proxy, CancellationToken cancellationToken) : ITaskActor
{
    /// <summary>The actor holding task <paramref name="taskId"/>, through <paramref name="proxies"/>.</summary>
    public static ITaskActor For(IActorProxyFactory proxies, string taskId, CancellationToken cancellationToken) =>
        new TaskActorClient(proxies.Create(new ActorId(taskId), TaskActorType.Name), cancellationToken);

    /// <inheritdoc />
    public Task<CreateTaskResult> CreateAsync(CreateTaskRequest request) =>
        proxy.InvokeMethodAsync<CreateTaskRequest, CreateTaskResult>(nameof(ITaskActor.CreateAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<AgentTask?> GetAsync(string tenant) =>
        proxy.InvokeMethodAsync<string, AgentTask?>(nameof(ITaskActor.GetAsync), tenant, cancellationToken);

    /// <inheritdoc />
    public Task<StartTaskResult> StartAsync(StartTaskRequest request) =>
        proxy.InvokeMethodAsync<StartTaskRequest, StartTaskResult>(nameof(ITaskActor.StartAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<AgentTaskStep?> RecordStepAsync(RecordStepRequest request) =>
        proxy.InvokeMethodAsync<RecordStepRequest, AgentTaskStep?>(nameof(ITaskActor.RecordStepAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<AgentTaskStep?> CompleteAsync(CompleteTaskRequest request) =>
        proxy.InvokeMethodAsync<CompleteTaskRequest, AgentTaskStep?>(nameof(ITaskActor.CompleteAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<CancelTaskResult> CancelAsync(CancelTaskRequest request) =>
        proxy.InvokeMethodAsync<CancelTaskRequest, CancelTaskResult>(nameof(ITaskActor.CancelAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<AgentTaskStep?> RequestApprovalAsync(ToolCallForApproval call) =>
        proxy.InvokeMethodAsync<ToolCallForApproval, AgentTaskStep?>(nameof(ITaskActor.RequestApprovalAsync), call, cancellationToken);

    /// <inheritdoc />
    public Task<ApproveTaskResult> ApproveAsync(ApproveTaskRequest request) =>
        proxy.InvokeMethodAsync<ApproveTaskRequest, ApproveTaskResult>(nameof(ITaskActor.ApproveAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<AgentTaskStep?> CompensateAsync(CompensateTaskRequest request) =>
        proxy.InvokeMethodAsync<CompensateTaskRequest, AgentTaskStep?>(nameof(ITaskActor.CompensateAsync), request, cancellationToken);
}
