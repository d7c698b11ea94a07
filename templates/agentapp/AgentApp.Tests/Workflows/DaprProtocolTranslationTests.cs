using AgentApp.Workflows.InMemory.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using D = Dapr.DurableTask.Protobuf;
using P = Microsoft.DurableTask.Protobuf;

namespace AgentApp.Tests.Workflows;

/// <summary>
/// Each field Dapr's protocol numbers differently from Microsoft's (the clash list: Dapr message #field, Dapr's meaning,
/// Microsoft's meaning) crosses the translation without reaching the other side, and what both sides share survives.
/// </summary>
public sealed class DaprProtocolTranslationTests
{
    [Fact]
    public void Raw_Dapr_schedule_task_is_not_readable_by_the_engine_so_the_translation_is_needed()
    {
        var raw = DaprTurn().ToByteArray();

        Assert.Throws<InvalidProtocolBufferException>(() => P.OrchestratorResponse.Parser.ParseFrom(raw));
    }

    [Fact]
    public void ScheduleTaskAction_taskExecutionId_5_and_router_4_do_not_become_parentTraceContext_and_tags()
    {
        var action = Assert.Single(DaprProtocolTranslation.FromDapr(DaprTurn()).Actions, a => a.ScheduleTask is not null);

        Assert.Null(action.ScheduleTask.ParentTraceContext);
        Assert.Empty(action.ScheduleTask.Tags);
        Assert.Equal(("CallModel", "\"in\"", 1), (action.ScheduleTask.Name, action.ScheduleTask.Input, action.Id));
    }

    [Fact]
    public void WorkflowAction_router_9_does_not_become_rewindOrchestration_and_replace_the_action()
    {
        var actions = DaprProtocolTranslation.FromDapr(DaprTurn()).Actions;

        Assert.All(actions, a => Assert.NotEqual(P.OrchestratorAction.OrchestratorActionTypeOneofCase.RewindOrchestration, a.OrchestratorActionTypeCase));
        Assert.Equal([P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask, P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration,
            P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer], actions.Select(a => a.OrchestratorActionTypeCase));
    }

    [Fact]
    public void CreateChildWorkflowAction_router_5_does_not_become_parentTraceContext()
    {
        var child = Assert.Single(DaprProtocolTranslation.FromDapr(DaprTurn()).Actions, a => a.CreateSubOrchestration is not null).CreateSubOrchestration;

        Assert.Null(child.ParentTraceContext);
        Assert.Equal(("Writer", "t1-writer"), (child.Name, child.InstanceId));
    }

    [Fact]
    public void WorkflowResponse_version_6_does_not_become_orchestrationTraceContext()
    {
        var response = DaprProtocolTranslation.FromDapr(DaprTurn());

        Assert.Null(response.OrchestrationTraceContext);
        Assert.Equal("t1", response.InstanceId);
    }

    [Fact]
    public void A_never_firing_wait_timer_is_dropped_and_a_real_timer_kept()
    {
        var timers = DaprProtocolTranslation.FromDapr(DaprTurn()).Actions.Where(a => a.CreateTimer is not null).ToList();

        var kept = Assert.Single(timers);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), kept.CreateTimer.FireAt.ToDateTime());
    }

    [Fact]
    public void PurgeInstancesRequest_force_4_does_not_become_instanceBatch()
    {
        var purge = DaprProtocolTranslation.FromDapr(new D.PurgeInstancesRequest { InstanceId = "t1", Force = true });

        Assert.Equal((P.PurgeInstancesRequest.RequestOneofCase.InstanceId, "t1"), (purge.RequestCase, purge.InstanceId));
        Assert.Null(purge.InstanceBatch);
    }

    [Fact]
    public void GetWorkItemsRequest_capabilities_4_do_not_become_a_concurrency_limit()
    {
        var request = new D.GetWorkItemsRequest();
        request.Capabilities.Add((D.WorkerCapability)1);

        Assert.Equal(0, DaprProtocolTranslation.FromDapr(request).MaxConcurrentEntityWorkItems);
    }

    [Fact]
    public void Work_items_reach_a_Dapr_worker_without_router_propagatedHistory_or_taskExecutionId()
    {
        var orchestration = new P.OrchestratorRequest
        {
            InstanceId = "t1",
            OrchestrationTraceContext = new P.OrchestrationTraceContext { SpanID = "abc" },   // #8: Dapr's propagatedHistory
        };
        orchestration.Properties.Add("k", Value.ForString("v"));                          // #7: Dapr's router
        var scheduled = new P.HistoryEvent { EventId = 1, TaskScheduled = new P.TaskScheduledEvent { Name = "CallModel" } };
        scheduled.TaskScheduled.Tags.Add("k", "v");                                         // #5: Dapr's taskExecutionId
        orchestration.PastEvents.Add(scheduled);
        var activity = new P.ActivityRequest { Name = "CallModel", TaskId = 1 };
        activity.Tags.Add("k", "v");                                                        // #7: Dapr's taskExecutionId

        var workflow = D.WorkItem.Parser.ParseFrom(DaprProtocolTranslation.ToDapr(new P.WorkItem { OrchestratorRequest = orchestration }).ToByteArray());
        var call = D.WorkItem.Parser.ParseFrom(DaprProtocolTranslation.ToDapr(new P.WorkItem { ActivityRequest = activity }).ToByteArray());

        Assert.Null(workflow.WorkflowRequest.Router);
        Assert.Null(workflow.WorkflowRequest.PropagatedHistory);
        Assert.Equal("", workflow.WorkflowRequest.PastEvents.Single().TaskScheduled.TaskExecutionId);
        Assert.Equal(("t1", "CallModel"), (workflow.WorkflowRequest.InstanceId, workflow.WorkflowRequest.PastEvents.Single().TaskScheduled.Name));
        Assert.Equal(("", "CallModel", 1), (call.ActivityRequest.TaskExecutionId, call.ActivityRequest.Name, call.ActivityRequest.TaskId));
    }

    /// <summary>A workflow turn with every clashing field set, as Dapr's worker fills them.</summary>
    private static D.WorkflowResponse DaprTurn()
    {
        var router = new D.TaskRouter { SourceAppID = "worker", TargetAppID = "worker" };
        var response = new D.WorkflowResponse { InstanceId = "t1", Version = new D.WorkflowVersion { Name = "v1" } };
        response.Actions.Add(new D.WorkflowAction
        {
            Id = 1,
            Router = router,
            ScheduleTask = new D.ScheduleTaskAction { Name = "CallModel", Input = "\"in\"", Router = router, TaskExecutionId = Guid.NewGuid().ToString() },
        });
        response.Actions.Add(new D.WorkflowAction
        {
            Id = 2,
            Router = router,
            CreateChildWorkflow = new D.CreateChildWorkflowAction { Name = "Writer", InstanceId = "t1-writer", Router = router },
        });
        response.Actions.Add(new D.WorkflowAction
        {
            Id = 3,
            CreateTimer = new D.CreateTimerAction { FireAt = Timestamp.FromDateTime(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc)) },
        });
        response.Actions.Add(new D.WorkflowAction
        {
            Id = 4,
            CreateTimer = new D.CreateTimerAction { FireAt = Timestamp.FromDateTime(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)) },
        });
        return response;
    }
}
