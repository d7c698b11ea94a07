using AgentApp.Actors.Contracts;
using Dapr.Actors.Runtime;

namespace AgentApp.Actors.Tasks;

/// <summary>
/// Holds one agent task. Dapr runs one call at a time per task id, and the runtime saves state when a call returns, so a
/// worker that got an answer knows the change is durable (and may commit its Kafka offset).
/// </summary>
public sealed class TaskActor : Actor, ITaskActor
{
    /// <summary>The one state key: the whole <see cref="TaskState"/>.</summary>
    public const string StateKey = "task";

    private readonly TimeProvider _time;

    /// <summary>The constructor the actor runtime activates through dependency injection.</summary>
    [ActivatorUtilitiesConstructor]
    public TaskActor(ActorHost host, TimeProvider time)
        : base(host) => _time = time;

    /// <summary>Test seam: <see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/> has no state provider.</summary>
    internal TaskActor(ActorHost host, TimeProvider time, IActorStateManager stateManager)
        : this(host, time) => StateManager = stateManager;

    /// <inheritdoc />
    public async Task<CreateTaskResult> CreateAsync(CreateTaskRequest request)
    {
        if (await LoadAsync() is { } existing)
        {
            return existing.Owner == request.Tenant
                ? new CreateTaskResult(true, false, existing.ToView())
                : new CreateTaskResult(false, false, null);
        }

        var now = _time.GetUtcNow();
        var state = new TaskState(request.Tenant, request.Goal, request.ConversationId, request.IdempotencyKey, AgentTaskStatus.Queued,
            [], null, null, 0, now, now);
        await StateManager.SetStateAsync(StateKey, state);
        return new CreateTaskResult(true, true, state.ToView());
    }

    /// <inheritdoc />
    public async Task<AgentTaskView> GetAsync(string tenant) =>
        await LoadAsync() is { } state && state.Owner == tenant ? state.ToView() : AgentTaskView.NotFound;

    /// <inheritdoc />
    public async Task<StartTaskResult> StartAsync(StartTaskRequest request)
    {
        var state = await LoadAsync();
        if (state is null || AgentTaskStatus.IsFinal(state.Status))
        {
            return new StartTaskResult(false, state?.Status, state?.Attempts ?? 0, null);
        }

        var next = state.WithStep("started", $"attempt {state.Attempts + 1} on {request.Worker}", _time.GetUtcNow(), out var step)
            with { Status = AgentTaskStatus.Running, Attempts = state.Attempts + 1 };
        await StateManager.SetStateAsync(StateKey, next);
        return new StartTaskResult(true, next.Status, next.Attempts, step);
    }

    /// <inheritdoc />
    public async Task<AgentTaskStep> RecordStepAsync(RecordStepRequest request)
    {
        var state = await LoadAsync() ?? throw new InvalidOperationException($"Task {Id} does not exist.");
        var next = state.WithStep(request.Kind, request.Detail, _time.GetUtcNow(), out var step);
        await StateManager.SetStateAsync(StateKey, next);
        return step;
    }

    /// <inheritdoc />
    public async Task<AgentTaskStep?> CompleteAsync(CompleteTaskRequest request)
    {
        if (await LoadAsync() is not { } state || AgentTaskStatus.IsFinal(state.Status))
        {
            return null;
        }

        var next = request.Succeeded
            ? state.WithStep(AgentTaskStatus.Succeeded, "done", _time.GetUtcNow(), out var step)
                with { Status = AgentTaskStatus.Succeeded, Result = request.Result, Error = null }
            : state.WithStep(AgentTaskStatus.Failed, request.Error ?? "failed", _time.GetUtcNow(), out step)
                with { Status = AgentTaskStatus.Failed, Error = request.Error };
        await StateManager.SetStateAsync(StateKey, next);
        return step;
    }

    private async Task<TaskState?> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<TaskState>(StateKey);
        return stored.HasValue ? stored.Value : null;
    }
}
