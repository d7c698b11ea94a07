using AgentApp.Web.Gateway;

namespace AgentApp.Web.Components.Tasks;

/// <summary>
/// A followed task as the page shows it: the latest details plus every step the event stream delivered, in order, each
/// once (a resumed stream replays from the last id it had, so nothing is lost or doubled).
/// </summary>
public sealed class TaskTimeline(string id)
{
    private readonly SortedDictionary<int, TaskStep> _steps = [];

    /// <summary>The task.</summary>
    public string Id { get; } = id;

    /// <summary>The task's details as last read (goal, result, approval).</summary>
    public TaskDetails? Details { get; private set; }

    /// <summary>The status now.</summary>
    public string Status { get; private set; } = "queued";

    /// <summary>The id of the last event received, for <c>Last-Event-ID</c> on reconnect.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>Steps, oldest first.</summary>
    public IEnumerable<TaskStep> Steps => _steps.Values;

    /// <summary>Whether nothing more will happen.</summary>
    public bool IsFinal => TaskStatuses.IsFinal(Status);

    /// <summary>Takes the task as read in full.</summary>
    public void Update(TaskDetails details)
    {
        Details = details;
        Status = details.Status;
        foreach (var step in details.Steps)
        {
            _steps[step.Sequence] = step;
        }
    }

    /// <summary>Applies one stream event; true when the status changed.</summary>
    public bool Apply(GatewayEvent item)
    {
        if (item.Type == "snapshot")
        {
            var before = Status;
            Update(item.Read<TaskDetails>());
            LastEventId = item.Id ?? LastEventId;
            return before != Status;
        }

        if (item.Id is null)
        {
            // A stream-level problem (no step): the stream ends and the page reconnects from LastEventId.
            return false;
        }

        var step = item.Read<TaskEvent>();
        _steps[step.Sequence] = new TaskStep(step.Sequence, step.Kind, step.Detail, step.At, step.Status, step.Agent);
        LastEventId = item.Id;
        var changed = step.Status != Status;
        Status = step.Status;
        return changed;
    }
}
