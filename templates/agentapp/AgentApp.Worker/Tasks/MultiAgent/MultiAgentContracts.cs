using AgentApp.Contracts;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>The names the multi-agent workflows are registered by: one workflow per orchestration mode.</summary>
public static class MultiAgentWorkflowNames
{
    /// <summary>A hand-off chain.</summary>
    public const string Sequential = "SequentialAgentsWorkflow";

    /// <summary>Fan-out, then fan-in through the aggregator.</summary>
    public const string Concurrent = "ConcurrentAgentsWorkflow";

    /// <summary>The orchestrator picks the next speaker each turn.</summary>
    public const string Orchestrated = "OrchestratedAgentsWorkflow";

    /// <summary>The workflow that runs <paramref name="mode"/> (one of <see cref="OrchestrationModes"/>).</summary>
    public static string For(string mode) => mode switch
    {
        OrchestrationModes.Sequential => Sequential,
        OrchestrationModes.Concurrent => Concurrent,
        OrchestrationModes.Orchestrated => Orchestrated,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not an orchestration mode."),
    };
}

/// <summary>W3C trace context of the span that started a run, so every step's span joins the submitter's trace.</summary>
/// <param name="TraceParent">The <c>traceparent</c>.</param>
/// <param name="TraceState">The <c>tracestate</c>, if any.</param>
public sealed record RunTrace(string? TraceParent, string? TraceState);

/// <summary>A multi-agent task's workflow input.</summary>
/// <param name="TaskId">The task (and the workflow's instance id).</param>
/// <param name="Tenant">Its owner: the guardrails' caller and the one billed.</param>
/// <param name="Goal">What the agents are asked to do.</param>
/// <param name="ConversationId">The conversation whose history the agents get and which the answer is appended to, if any.</param>
/// <param name="Agents">The team: the chain, the fan-out, or the agents the orchestrator picks from.</param>
/// <param name="Aggregator">Who merges a concurrent run's answers.</param>
/// <param name="Orchestrator">Who picks the next speaker of an orchestrated run.</param>
/// <param name="MaxTurns">The turn limit of an orchestrated run.</param>
/// <param name="Trace">The submitter's trace.</param>
public sealed record MultiAgentTaskInput(string TaskId, string Tenant, string Goal, string? ConversationId, IReadOnlyList<string> Agents,
    string Aggregator, string Orchestrator, int MaxTurns, RunTrace Trace);

/// <summary>One message of the conversation the task belongs to, as the agents get it.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Text">What was said.</param>
public sealed record MemoryLine(string Role, string Text);

/// <summary>What an agent said earlier in the run.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Text">Its answer.</param>
public sealed record AgentLine(string Agent, string Text);

/// <summary>One agent turn's input.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Tenant">Its owner.</param>
/// <param name="Agent">Whose turn it is.</param>
/// <param name="Goal">The goal.</param>
/// <param name="Memory">The conversation's history before the task.</param>
/// <param name="Said">What the other agents said so far in this run, oldest first.</param>
/// <param name="Prompt">An extra request for this turn (the orchestrator's next-speaker question), if any.</param>
/// <param name="Trace">The submitter's trace.</param>
public sealed record AgentTurnInput(string TaskId, string Tenant, string Agent, string Goal, IReadOnlyList<MemoryLine> Memory,
    IReadOnlyList<AgentLine> Said, string? Prompt, RunTrace Trace);

/// <summary>One agent turn's outcome.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Text">Its answer.</param>
/// <param name="Recorded">False when the task had been cancelled meanwhile: the run stops.</param>
public sealed record AgentTurnOutput(string Agent, string Text, bool Recorded);

/// <summary>Input of the multi-agent record and memory activities.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Tenant">Its owner.</param>
/// <param name="Trace">The submitter's trace.</param>
/// <param name="ConversationId">The task's conversation, for the memory activities.</param>
/// <param name="Goal">The goal, appended to the conversation with the answer.</param>
/// <param name="Detail">The answer (succeeded) or error (failed).</param>
/// <param name="Succeeded">For the finish: how the task ended.</param>
public sealed record AgentRunRecordInput(string TaskId, string Tenant, RunTrace Trace, string? ConversationId = null, string? Goal = null,
    string? Detail = null, bool Succeeded = true);
