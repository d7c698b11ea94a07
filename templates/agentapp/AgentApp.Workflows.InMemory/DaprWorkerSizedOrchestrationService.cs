using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace AgentApp.Workflows.InMemory;

/// <summary>
/// Microsoft's in-memory engine, handing out as many workflow turns and activities at once as a Dapr workflow worker
/// runs. Left as it is, the engine's dispatchers take one work item per processor, and a dispatcher that finds all its
/// slots taken sleeps half a second before it looks again: on two cores that caps a busy engine at about four workflow
/// turns and four activities a second, however fast the worker answers, and a few hundred tasks in flight look hung.
/// Dapr's worker runs up to 100 workflow turns and 100 activities at once (its own limits), so the engine offers that
/// many; the dispatcher's back-off then applies only where the worker would make them wait anyway.
/// </summary>
internal sealed class DaprWorkerSizedOrchestrationService(ILoggerFactory loggers) : InMemoryOrchestrationService(loggers), IOrchestrationService
{
    /// <summary>Work items of each kind a Dapr .NET workflow worker processes at once.</summary>
    public const int WorkerConcurrency = 100;

    /// <summary>Workflow turns handed out at once (the engine's own value is the processor count).</summary>
    public new int MaxConcurrentTaskOrchestrationWorkItems => WorkerConcurrency;

    /// <summary>Activities handed out at once (the engine's own value is the processor count).</summary>
    public new int MaxConcurrentTaskActivityWorkItems => WorkerConcurrency;
}
