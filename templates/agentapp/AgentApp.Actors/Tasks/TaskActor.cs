using AgentApp.Actors.Tasks.Retention;
using AgentApp.Contracts;
using Dapr.Actors.Runtime;

namespace AgentApp.Actors.Tasks;

/// <summary>
/// Holds one agent task. Dapr runs one call at a time per task id, and the runtime saves state when a call returns, so a
/// worker that got an answer knows the change is durable (and may commit its Kafka offset). A finished task registers the
/// <see cref="TaskRetention.ReminderName"/> reminder, and is purged with its workflow instances when it comes due.
/// </summary>
public sealed class TaskActor : Actor, ITaskActor, IRemindable
{
    /// <summary>The one state key: the whole <see cref="StoredTask"/>.</summary>
    public const string StateKey = "task";

    private readonly TimeProvider _time;
    private readonly TaskRetention _retention;

    /// <summary>The constructor the actor runtime activates through dependency injection.</summary>
    [ActivatorUtilitiesConstructor]
    public TaskActor(ActorHost host, TimeProvider time, TaskRetention retention)
        : base(host) => (_time, _retention) = (time, retention);

    /// <summary>Test seam: <see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/> has no state provider.</summary>
    internal TaskActor(ActorHost host, TimeProvider time, TaskRetention retention, IActorStateManager stateManager)
        : this(host, time, retention) => StateManager = stateManager;

    /// <inheritdoc />
    public async Task<CreateTaskResult> CreateAsync(CreateTaskRequest request)
    {
        if (await LoadAsync() is { } existing)
        {
            return existing.Owner == request.Tenant
                ? new CreateTaskResult(true, false, existing.ToTask(Id.GetId()))
                : new CreateTaskResult(false, false, null);
        }

        var now = _time.GetUtcNow();
        var state = new StoredTask(request.Tenant, request.Goal, request.ConversationId, request.IdempotencyKey, AgentTaskStatus.Queued,
            [], null, null, 0, now, now, SubmittedBy: request.SubmittedBy);
        await StateManager.SetStateAsync(StateKey, state);
        return new CreateTaskResult(true, true, state.ToTask(Id.GetId()));
    }

    /// <inheritdoc />
    public async Task<AgentTask?> GetAsync(string tenant) =>
        await LoadAsync() is { } state && state.Owner == tenant ? state.ToTask(Id.GetId()) : null;

    /// <inheritdoc />
    public async Task<StartTaskResult> StartAsync(StartTaskRequest request)
    {
        var state = await LoadAsync();
        if (state is null || AgentTaskStatus.IsFinal(state.Status) || state.Status == AgentTaskStatus.WaitingApproval)
        {
            // A waiting task is the workflow's until a person decides: a stray redelivery must not run it meanwhile.
            return new StartTaskResult(false, state?.Status, state?.Attempts ?? 0, null);
        }

        var next = state.WithStep(TaskStepKinds.Started, $"attempt {state.Attempts + 1} on {request.Worker}", _time.GetUtcNow(),
            AgentTaskStatus.Running, out var step) with { Attempts = state.Attempts + 1 };
        await StateManager.SetStateAsync(StateKey, next);
        var approved = next.Approval is { Decision: ApprovalDecisions.Approved } approval ? approval.Call : null;
        return new StartTaskResult(true, next.Status, next.Attempts, step, approved);
    }

    /// <inheritdoc />
    public async Task<AgentTaskStep?> RecordStepAsync(RecordStepRequest request)
    {
        var state = await LoadAsync() ?? throw new InvalidOperationException($"Task {Id} does not exist.");
        if (AgentTaskStatus.IsFinal(state.Status))
        {
            // Cancelled (or finished) meanwhile: the worker takes null as "stop here", and the record stays closed.
            return null;
        }

        var next = state.WithStep(request.Kind, request.Detail, _time.GetUtcNow(), state.Status, out var step, request.Agent);
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
            ? state.WithStep(TaskStepKinds.Succeeded, "done", _time.GetUtcNow(), AgentTaskStatus.Succeeded, out var step)
                with { Result = request.Result, Error = null }
            : state.WithStep(TaskStepKinds.Failed, request.Error ?? "failed", _time.GetUtcNow(), AgentTaskStatus.Failed, out step)
                with { Error = request.Error };
        await StateManager.SetStateAsync(StateKey, next);
        await ScheduleRetentionAsync();
        return step;
    }

    /// <inheritdoc />
    public async Task<CancelTaskResult> CancelAsync(CancelTaskRequest request)
    {
        if (await LoadAsync() is not { } state || state.Owner != request.Tenant)
        {
            return new CancelTaskResult(false, false, null, null);
        }

        if (AgentTaskStatus.IsFinal(state.Status))
        {
            return new CancelTaskResult(true, false, state.Status, null);
        }

        // A call waiting for approval is discarded with the task, so the workflow's later compensation finds nothing to undo.
        var approval = state.Approval is { Decision: null } pending
            ? pending with { Decision = ApprovalDecisions.Discarded, DecidedBy = request.Reason }
            : state.Approval;
        var next = state.WithStep(TaskStepKinds.Cancelled, request.Reason, _time.GetUtcNow(), AgentTaskStatus.Cancelled, out var step)
            with { Error = request.Reason, Approval = approval };
        await StateManager.SetStateAsync(StateKey, next);
        await ScheduleRetentionAsync();
        return new CancelTaskResult(true, true, next.Status, step, WasWaitingForApproval: state.Status == AgentTaskStatus.WaitingApproval);
    }

    /// <inheritdoc />
    public async Task<AgentTaskStep?> RequestApprovalAsync(ToolCallForApproval call)
    {
        if (await LoadAsync() is not { Status: AgentTaskStatus.Running } state)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var next = state.WithStep(TaskStepKinds.WaitingApproval, $"{call.ToolName} needs a person's approval", now,
            AgentTaskStatus.WaitingApproval, out var step) with { Approval = new TaskApproval(call, null, null, null, now) };
        await StateManager.SetStateAsync(StateKey, next);
        return step;
    }

    /// <inheritdoc />
    public async Task<ApproveTaskResult> ApproveAsync(ApproveTaskRequest request)
    {
        var state = await LoadAsync();
        switch (state)
        {
            case { Status: AgentTaskStatus.WaitingApproval, Approval: { Decision: null } approval }:
                var detail = $"{approval.Call.ToolName} approved by {request.DecidedBy}" + (request.Comment is { Length: > 0 } c ? $": {c}" : "");
                var next = state.WithStep(TaskStepKinds.Approved, detail, _time.GetUtcNow(), AgentTaskStatus.Queued, out var step)
                    with { Approval = approval with { Decision = ApprovalDecisions.Approved, DecidedBy = request.DecidedBy, Comment = request.Comment } };
                await StateManager.SetStateAsync(StateKey, next);
                return new ApproveTaskResult(true, state.Owner, state.Goal, state.ConversationId, step);
            case { Status: AgentTaskStatus.Queued, Approval.Decision: ApprovalDecisions.Approved }:
                // The workflow retried after a failed enqueue: say "continue" again so it enqueues again (a duplicate is skipped).
                return new ApproveTaskResult(true, state.Owner, state.Goal, state.ConversationId, null);
            default:
                return new ApproveTaskResult(false, null, null, null, null);
        }
    }

    /// <inheritdoc />
    public async Task<AgentTaskStep?> CompensateAsync(CompensateTaskRequest request)
    {
        if (await LoadAsync() is not { Approval: { Decision: null } approval } state)
        {
            return null;
        }

        var next = state.WithStep(TaskStepKinds.Compensated, $"discarded the pending {approval.Call.ToolName} call, which never ran: {request.Reason}",
            _time.GetUtcNow(), state.Status, out var step) with { Approval = approval with { Decision = ApprovalDecisions.Discarded, DecidedBy = request.Reason } };
        await StateManager.SetStateAsync(StateKey, next);
        return step;
    }

    /// <summary>The retention reminder: purges the finished task and its workflow instances once they are due.</summary>
    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName != TaskRetention.ReminderName)
        {
            return;
        }

        var task = await LoadAsync();
        if (task is not null && _retention.KeepFor is { } keep && AgentTaskStatus.IsFinal(task.Status)
            && _time.GetUtcNow() - task.UpdatedAt < keep)
        {
            return;   // not due yet: the reminder comes back after its period
        }

        // Retention switched off, or a task that is not finished (never the case today): keep it, stop reminding.
        if (task is not null && (_retention.KeepFor is null || !AgentTaskStatus.IsFinal(task.Status)))
        {
            await UnregisterReminderAsync(TaskRetention.ReminderName);
            return;
        }

        // Workflow instances first: a task removed before them would leave them with nothing pointing at them.
        if (task is not null && !await _retention.PurgeWorkflowsAsync(Id.GetId(), CancellationToken.None))
        {
            return;
        }

        if (task is not null)
        {
            await StateManager.RemoveStateAsync(StateKey);
            _retention.TaskPurged();
        }

        await UnregisterReminderAsync(TaskRetention.ReminderName);
    }

    private async Task ScheduleRetentionAsync()
    {
        if (_retention.KeepFor is { } keep)
        {
            await RegisterReminderAsync(TaskRetention.ReminderName, null, keep, _retention.RetryPeriod);
        }
    }

    private async Task<StoredTask?> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<StoredTask>(StateKey);
        return stored.HasValue ? stored.Value : null;
    }
}
