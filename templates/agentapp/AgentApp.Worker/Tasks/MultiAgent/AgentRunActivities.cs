using AgentApp.Agent;
using AgentApp.Agent.Agents;
using AgentApp.Contracts;
using AgentApp.Worker.Tasks.Durable;
using Dapr.Workflow;
using Microsoft.Extensions.AI;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>
/// One named agent's turn: a workflow activity. Why an activity: a turn is one unit of work whose result the run needs
/// exactly once; the engine records it, so after a crash or redeploy a completed turn is replayed from history, never
/// asked of the model again, and a turn that was cut off runs again as a whole (its tools are read-only lookups; tools
/// that need a person's approval are kept to single-agent tasks). Its span, tokens and cost belong to the agent.
/// </summary>
public sealed partial class AgentTurnActivity(NamedAgents agents, TaskRecord record, TaskTokenDebit tokens, ILogger<AgentTurnActivity> logger)
    : WorkflowActivity<AgentTurnInput, AgentTurnOutput>
{
    /// <summary>The longest answer kept in a step's detail (the result keeps the whole last answer).</summary>
    public const int MaxDetail = 500;

    /// <inheritdoc />
    public override async Task<AgentTurnOutput> RunAsync(WorkflowActivityContext context, AgentTurnInput input)
    {
        using var span = RunTraceSpans.Start($"agent turn {input.Agent}", input.TaskId, input.Trace);
        span?.SetTag(Agent.Telemetry.AgentMetrics.AgentTag, input.Agent);
        AgentTurnResult turn;
        using (AmbientAgentCaller.Begin(input.Tenant, null))
        {
            turn = await agents.RunTurnAsync(input.Agent, Messages(input), CancellationToken.None);
        }

        // The tenant's token budget pays for every agent's turn, debited where the tokens are spent.
        await tokens.DebitAsync(input.Tenant, turn.InputTokens + turn.OutputTokens);
        span?.SetTag("gen_ai.usage.input_tokens", turn.InputTokens);
        span?.SetTag("gen_ai.usage.output_tokens", turn.OutputTokens);
        span?.SetTag("agentapp.cost", turn.Cost is { } cost ? (double)cost : null);
        LogTurn(input.TaskId, input.Agent, turn.InputTokens, turn.OutputTokens);
        var detail = turn.Text.Length <= MaxDetail ? turn.Text : turn.Text[..MaxDetail] + "…";
        var recorded = await record.AgentTurnAsync(input.TaskId, input.Agent, detail,
            new AgentTurnUsage(turn.Model, turn.InputTokens, turn.OutputTokens, turn.Cost));
        return new AgentTurnOutput(input.Agent, turn.Text, recorded);
    }

    /// <summary>The conversation's history, the goal, what the other agents said (each under its name), then this turn's request.</summary>
    public static List<ChatMessage> Messages(AgentTurnInput input) =>
    [
        .. input.Memory.Select(m => new ChatMessage(m.Role == ConversationRoles.Assistant ? ChatRole.Assistant : ChatRole.User, m.Text)),
        new(ChatRole.User, input.Goal),
        .. input.Said.Select(s => new ChatMessage(ChatRole.Assistant, s.Text) { AuthorName = s.Agent }),
        .. input.Prompt is { } prompt ? [new ChatMessage(ChatRole.User, prompt)] : Array.Empty<ChatMessage>(),
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: {Agent} took a turn ({InputTokens} in, {OutputTokens} out)")]
    private partial void LogTurn(string taskId, string agent, long inputTokens, long outputTokens);
}

/// <summary>Claims a multi-agent task in its actor (a final or waiting task is not run) and publishes the step.</summary>
public sealed class StartAgentRunActivity(TaskRecord record) : WorkflowActivity<AgentRunRecordInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(WorkflowActivityContext context, AgentRunRecordInput input)
    {
        using var span = RunTraceSpans.Start("agents start", input.TaskId, input.Trace);
        return await record.StartAsync(input.TaskId);
    }
}

/// <summary>Records how a multi-agent task ended: succeeded with the answer, or failed with the error.</summary>
public sealed class FinishAgentRunActivity(TaskRecord record) : WorkflowActivity<AgentRunRecordInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(WorkflowActivityContext context, AgentRunRecordInput input)
    {
        using var span = RunTraceSpans.Start(input.Succeeded ? "agents succeeded" : "agents failed", input.TaskId, input.Trace);
        return input.Succeeded
            ? await record.CompleteAsync(input.TaskId, new CompleteTaskRequest(true, input.Detail, null), AgentTaskStatus.Succeeded)
            : await record.CompleteAsync(input.TaskId, new CompleteTaskRequest(false, null, input.Detail), AgentTaskStatus.Failed);
    }
}

/// <summary>The task's conversation history, for its agents (nothing when the conversation is new or another tenant's).</summary>
public sealed class LoadMemoryActivity(TaskActorSidecar actors) : WorkflowActivity<AgentRunRecordInput, List<MemoryLine>>
{
    /// <inheritdoc />
    public override async Task<List<MemoryLine>> RunAsync(WorkflowActivityContext context, AgentRunRecordInput input)
    {
        using var span = RunTraceSpans.Start("agents memory", input.TaskId, input.Trace);
        var view = await actors.Conversation(input.Tenant, input.ConversationId!, CancellationToken.None).GetAsync(input.Tenant);
        return view.Access != ConversationAccess.Owner
            ? []
            : [.. view.Messages.Where(m => m.Role is ConversationRoles.User or ConversationRoles.Assistant).Select(m => new MemoryLine(m.Role, m.Text))];
    }
}

/// <summary>Appends the goal and the final answer to the task's conversation.</summary>
public sealed class AppendMemoryActivity(TaskActorSidecar actors, TimeProvider time) : WorkflowActivity<AgentRunRecordInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(WorkflowActivityContext context, AgentRunRecordInput input)
    {
        using var span = RunTraceSpans.Start("agents remember", input.TaskId, input.Trace);
        var now = time.GetUtcNow();
        var appended = await actors.Conversation(input.Tenant, input.ConversationId!, CancellationToken.None).AppendAsync(new AppendRequest(input.Tenant,
            [new ConversationMessage(ConversationRoles.User, input.Goal ?? "", now), new ConversationMessage(ConversationRoles.Assistant, input.Detail ?? "", now)]));
        return appended.Accepted;
    }
}
