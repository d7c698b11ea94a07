using AgentApp.Agent.Agents;
using AgentApp.Contracts;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>Plugs the multi-agent modes into the durable agent: their workflows, activities and inputs.</summary>
public static class MultiAgentRegistration
{
    /// <summary>Registers one workflow per orchestration mode and the activities they share.</summary>
    public static WorkflowRuntimeOptions RegisterMultiAgentWorkflows(this WorkflowRuntimeOptions options)
    {
        options.RegisterWorkflow<SequentialAgentsWorkflow>(MultiAgentWorkflowNames.Sequential);
        options.RegisterWorkflow<ConcurrentAgentsWorkflow>(MultiAgentWorkflowNames.Concurrent);
        options.RegisterWorkflow<OrchestratedAgentsWorkflow>(MultiAgentWorkflowNames.Orchestrated);
        options.RegisterActivity<StartAgentRunActivity>(nameof(StartAgentRunActivity));
        options.RegisterActivity<LoadMemoryActivity>(nameof(LoadMemoryActivity));
        options.RegisterActivity<AgentTurnActivity>(nameof(AgentTurnActivity));
        options.RegisterActivity<AppendMemoryActivity>(nameof(AppendMemoryActivity));
        options.RegisterActivity<FinishAgentRunActivity>(nameof(FinishAgentRunActivity));
        return options;
    }

    /// <summary>
    /// The workflow and input for <paramref name="task"/> when it names a mode (null otherwise): its team, or the mode's
    /// default one, and the current span's trace context.
    /// </summary>
    public static (string Workflow, MultiAgentTaskInput Input)? For(AgentTaskMessage task, NamedAgents agents)
    {
        if (task.Mode is not { } mode || !OrchestrationModes.IsValid(mode))
        {
            return null;
        }

        var team = task.Agents is { Count: > 0 } named ? named : agents.TeamFor(mode);
        var options = agents.Options;
        return (MultiAgentWorkflowNames.For(mode), new MultiAgentTaskInput(task.TaskId, task.Tenant, task.Goal, task.ConversationId, [.. team],
            options.Aggregator!, options.Orchestrator!, options.MaxTurns, RunTraceSpans.Capture()));
    }
}
