using System.Diagnostics;

namespace AgentApp.Worker.Telemetry;

/// <summary>The worker's task spans: each task message's <c>process</c> span (a child of the submitting request's trace) and the sends made for it.</summary>
public static class TaskSpans
{
    /// <summary>The source, under the app's telemetry prefix, so the service defaults export it.</summary>
    public static readonly ActivitySource Source = new(TaskWorkerMetrics.MeterName);
}
