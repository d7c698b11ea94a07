using System.Diagnostics.Metrics;

namespace AgentApp.Worker.Telemetry;

/// <summary>
/// The worker's task metrics on meter <see cref="MeterName"/> (under the app's telemetry prefix, so every exporter the
/// service defaults configure picks it up): what happened to tasks, how long they took, and how far behind the consumer is.
/// </summary>
public sealed class TaskWorkerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "AgentApp.Worker.Tasks";

    /// <summary>The tag on the task duration histogram saying how the task ended.</summary>
    public const string OutcomeTag = "agentapp.task.outcome";

    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _handedBack;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/> (scoped to this host), lag read from <paramref name="lag"/>.</summary>
    public TaskWorkerMetrics(IMeterFactory meters, ConsumerLag lag)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("agentapp.tasks.started", "{attempt}", "Task runs started (a retry or a redelivery starts another).");
        _succeeded = meter.CreateCounter<long>("agentapp.tasks.succeeded", "{task}", "Tasks finished with a result.");
        _failed = meter.CreateCounter<long>("agentapp.tasks.failed", "{task}", "Tasks marked failed after their last attempt.");
        _retried = meter.CreateCounter<long>("agentapp.tasks.retried", "{attempt}", "Failed attempts that will be tried again after a backoff.");
        _deadLettered = meter.CreateCounter<long>("agentapp.tasks.dead_lettered", "{message}", "Messages copied to the dead-letter topic.");
        _handedBack = meter.CreateCounter<long>("agentapp.tasks.handed_back", "{message}", "Messages left uncommitted for redelivery (sidecar or broker down, shutdown).");
        _duration = meter.CreateHistogram("agentapp.task.duration", "s", "From a task's first start on this worker to its final state, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        meter.CreateObservableGauge("agentapp.tasks.consumer.lag", lag.Observe, "{message}",
            "Messages behind per assigned partition: the high watermark minus the committed offset.");
    }

    /// <summary>A run of a task started.</summary>
    public void Started() => _started.Add(1);

    /// <summary>A task succeeded after <paramref name="elapsed"/>.</summary>
    public void Succeeded(TimeSpan elapsed)
    {
        _succeeded.Add(1);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, "succeeded"));
    }

    /// <summary>A task failed for good after <paramref name="elapsed"/>.</summary>
    public void Failed(TimeSpan elapsed)
    {
        _failed.Add(1);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, "failed"));
    }

    /// <summary>An attempt failed and will be retried.</summary>
    public void Retried() => _retried.Add(1);

    /// <summary>A message went to the dead-letter topic.</summary>
    public void DeadLettered() => _deadLettered.Add(1);

    /// <summary>A message was handed back for redelivery.</summary>
    public void HandedBack() => _handedBack.Add(1);
}
