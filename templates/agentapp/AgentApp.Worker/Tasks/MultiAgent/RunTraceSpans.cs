using System.Diagnostics;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>
/// Spans for the steps of a multi-agent run. A workflow's activities run wherever and whenever the engine hands them
/// out (after a restart, too), with no ambient trace: each step's span is parented on the trace context the run started
/// with, which the workflow input carries, so the whole run stays in the submitter's trace.
/// </summary>
public static class RunTraceSpans
{
    /// <summary>The source of the run's spans (exported with every <c>AgentApp.*</c> source).</summary>
    public static readonly ActivitySource Source = new("AgentApp.Worker.Agents");

    /// <summary>The current span's trace context, to start a run with.</summary>
    public static RunTrace Capture() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
        ? new RunTrace(current.Id, current.TraceStateString)
        : new RunTrace(null, null);

    /// <summary>Starts span <paramref name="name"/> for task <paramref name="taskId"/> under <paramref name="trace"/>.</summary>
    public static Activity? Start(string name, string taskId, RunTrace trace)
    {
        ActivityContext.TryParse(trace.TraceParent, trace.TraceState, out var parent);
        var span = Source.StartActivity(name, ActivityKind.Internal, parent);
        span?.SetTag("agentapp.task.id", taskId);
        return span;
    }
}
