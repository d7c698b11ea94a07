using Google.Protobuf;
using D = Dapr.DurableTask.Protobuf;
using P = Microsoft.DurableTask.Protobuf;

namespace AgentApp.Workflows.InMemory.Protocol;

/// <summary>
/// Translates between Dapr's fork of the Durable Task protocol and Microsoft's. Both speak the same gRPC service
/// (<c>TaskHubSidecarService</c>), but Dapr reused some field numbers for different fields: read as Microsoft's, Dapr's
/// <c>ScheduleTaskAction.taskExecutionId</c> (#5, a string) is a malformed <c>parentTraceContext</c> and the engine fails the
/// whole workflow turn. Every clashing field is cleared on its way across, in both directions; nothing the engine needs
/// lives in them (routing, versioning and history propagation are Dapr-only features this engine does not have).
/// </summary>
public static class DaprProtocolTranslation
{
    /// <summary>
    /// A timer Dapr schedules for <c>WaitForExternalEventAsync</c> without a timeout ("never"). The engine schedules timers
    /// with <c>Task.Delay</c>, which rejects a date this far away and retries it for ever; Dapr's replay does not need it.
    /// </summary>
    private static readonly DateTime s_never = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A workflow turn's result, as a Dapr worker sends it, in Microsoft's shape.</summary>
    public static P.OrchestratorResponse FromDapr(D.WorkflowResponse response)
    {
        response = response.Clone();
        response.Version = null;                                   // #6: Microsoft's orchestrationTraceContext
        foreach (var action in response.Actions.ToList())
        {
            action.Router = null;                                  // #9: Microsoft's rewindOrchestration (a oneof member!)
            switch (action.WorkflowActionTypeCase)
            {
                case D.WorkflowAction.WorkflowActionTypeOneofCase.ScheduleTask:
                    action.ScheduleTask.Router = null;             // #4: Microsoft's tags map
                    action.ScheduleTask.TaskExecutionId = "";      // #5: Microsoft's parentTraceContext
                    break;
                case D.WorkflowAction.WorkflowActionTypeOneofCase.CreateChildWorkflow:
                    action.CreateChildWorkflow.Router = null;      // #5: Microsoft's parentTraceContext
                    break;
                case D.WorkflowAction.WorkflowActionTypeOneofCase.CreateTimer when action.CreateTimer.FireAt?.ToDateTime() >= s_never:
                    response.Actions.Remove(action);
                    break;
            }
        }

        return P.OrchestratorResponse.Parser.ParseFrom(response.ToByteString());
    }

    /// <summary>A purge request, as a Dapr client sends it, in Microsoft's shape.</summary>
    public static P.PurgeInstancesRequest FromDapr(D.PurgeInstancesRequest request)
    {
        request = request.Clone();
        request.ClearForce();                                      // #4: Microsoft's instanceBatch (bool vs message)
        return P.PurgeInstancesRequest.Parser.ParseFrom(request.ToByteString());
    }

    /// <summary>A worker's work-item subscription, as Dapr sends it, in Microsoft's shape.</summary>
    public static P.GetWorkItemsRequest FromDapr(D.GetWorkItemsRequest request)
    {
        request = request.Clone();
        request.Capabilities.Clear();                              // #4: Microsoft's maxConcurrentEntityWorkItems
        return P.GetWorkItemsRequest.Parser.ParseFrom(request.ToByteString());
    }

    /// <summary>A work item in the shape a Dapr worker reads: Microsoft-only fields that Dapr numbers differently are cleared.</summary>
    public static P.WorkItem ToDapr(P.WorkItem item)
    {
        item = item.Clone();
        if (item.OrchestratorRequest is { } orchestration)
        {
            orchestration.Properties.Clear();                      // #7: Dapr's router
            orchestration.OrchestrationTraceContext = null;        // #8: Dapr's propagatedHistory
            foreach (var e in orchestration.PastEvents.Concat(orchestration.NewEvents))
            {
                Clear(e);
            }
        }

        item.ActivityRequest?.Tags.Clear();                        // #7: Dapr's taskExecutionId
        return item;
    }

    private static void Clear(P.HistoryEvent e)
    {
        e.TaskScheduled?.Tags.Clear();                             // #5: Dapr's taskExecutionId
        e.SubOrchestrationInstanceCreated?.Tags.Clear();           // #6: Dapr's rerunParentInstanceInfo
        if (e.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.ExecutionRewound)
        {
            e.ExecutionRewound = null;                             // #30: Dapr's router
        }
    }
}
