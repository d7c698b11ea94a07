namespace AgentApp.Workflows.InMemory;

/// <summary>
/// What the engine handed out and got back, per activity (instance id and task id): how often it was sent to a worker,
/// how often a worker's result was accepted, and how often it was handed to another worker because the one that had it
/// disconnected. A completed step that ran again shows as a dispatch after a completion.
/// </summary>
public sealed class ActivityLedger
{
    private readonly Dictionary<(string Instance, int TaskId), ActivityRecord> _records = [];
    private int _turnsSent;
    private int _turnsAnswered;
    private int _turnsHandedOver;

    /// <summary>Workflow turns (orchestrator work items) sent to a worker, answered, and handed to the next worker.</summary>
    public (int Sent, int Answered, int HandedOver) WorkflowTurns => (Volatile.Read(ref _turnsSent), Volatile.Read(ref _turnsAnswered), Volatile.Read(ref _turnsHandedOver));

    /// <summary>Every activity seen so far.</summary>
    public IReadOnlyList<ActivityRecord> Snapshot()
    {
        lock (_records)
        {
            return [.. _records.Values];
        }
    }

    internal void Dispatched(string instance, int taskId, string name) => Update(instance, taskId, r => r with
    {
        Name = name,
        Dispatches = r.Dispatches + 1,
        DispatchesAfterCompletion = r.DispatchesAfterCompletion + (r.Completions > 0 ? 1 : 0),
    });

    internal void TurnSent() => Interlocked.Increment(ref _turnsSent);

    internal void TurnAnswered() => Interlocked.Increment(ref _turnsAnswered);

    internal void TurnHandedOver() => Interlocked.Increment(ref _turnsHandedOver);

    internal void Completed(string instance, int taskId) => Update(instance, taskId, r => r with { Completions = r.Completions + 1 });

    internal void Abandoned(string instance, int taskId) => Update(instance, taskId, r => r with { Abandoned = r.Abandoned + 1 });

    private void Update(string instance, int taskId, Func<ActivityRecord, ActivityRecord> change)
    {
        lock (_records)
        {
            var key = (instance, taskId);
            _records[key] = change(_records.GetValueOrDefault(key) ?? new ActivityRecord(instance, taskId, "", 0, 0, 0, 0));
        }
    }
}

/// <summary>One activity of one workflow instance, as the engine saw it.</summary>
/// <param name="Instance">The workflow instance.</param>
/// <param name="TaskId">The activity's task id in that instance's history.</param>
/// <param name="Name">The activity.</param>
/// <param name="Dispatches">Times it was sent to a worker.</param>
/// <param name="Completions">Results accepted from a worker.</param>
/// <param name="DispatchesAfterCompletion">Times it was sent again after a result had been accepted (never, for a correct engine).</param>
/// <param name="Abandoned">Times the worker that had it disconnected without answering, so it went to the next worker.</param>
public sealed record ActivityRecord(string Instance, int TaskId, string Name, int Dispatches, int Completions, int DispatchesAfterCompletion, int Abandoned);
