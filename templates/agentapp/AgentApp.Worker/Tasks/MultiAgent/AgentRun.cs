using AgentApp.Contracts;
using AgentApp.Worker.Tasks.Durable;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>
/// The steps every multi-agent workflow shares, called from its <c>RunAsync</c> (so deterministic: every effect is an
/// activity): claim the task and load its memory, take agent turns, and end it succeeded (answer remembered) or failed.
/// </summary>
public sealed class AgentRun(WorkflowContext context, MultiAgentTaskInput input)
{
    private string? _error;
    private bool _cancelled;

    /// <summary>The task's conversation history, once started.</summary>
    public IReadOnlyList<MemoryLine> Memory { get; private set; } = [];

    /// <summary>Whether a turn failed for good or found the task cancelled: the run must end (<see cref="EndAsync"/>).</summary>
    public bool Stopped => _error is not null || _cancelled;

    /// <summary>Claims the task and loads its memory; false when the task was already final or waiting (nothing to do).</summary>
    public async Task<bool> StartAsync()
    {
        if (!await context.CallActivityAsync<bool>(nameof(StartAgentRunActivity), Record(), AgentTaskWorkflow.RecordRetry))
        {
            return false;
        }

        if (input.ConversationId is not null)
        {
            Memory = await context.CallActivityAsync<List<MemoryLine>>(nameof(LoadMemoryActivity), Record(), AgentTaskWorkflow.RecordRetry);
        }

        return true;
    }

    /// <summary>A model that fails for a moment is asked again, with backoff; a turn that still fails ends the run failed.</summary>
    private static readonly WorkflowTaskOptions s_turnRetry = new(new WorkflowRetryPolicy(4, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(30)));

    /// <summary>
    /// One turn of <paramref name="agent"/>, given what the others <paramref name="said"/> and an optional extra
    /// <paramref name="prompt"/>; null when it failed after its retries or the task was cancelled (see <see cref="Stopped"/>).
    /// </summary>
    public async Task<AgentTurnOutput?> TurnAsync(string agent, IReadOnlyList<AgentLine> said, string? prompt = null)
    {
        try
        {
            var turn = await context.CallActivityAsync<AgentTurnOutput>(nameof(AgentTurnActivity),
                new AgentTurnInput(input.TaskId, input.Tenant, agent, input.Goal, Memory, [.. said], prompt, input.Trace), s_turnRetry);
            _cancelled |= !turn.Recorded;
            return turn.Recorded ? turn : null;
        }
        catch (WorkflowTaskFailedException ex)
        {
            _error ??= $"{agent}'s turn failed after its retries: {ex.Message}";
            return null;
        }
    }

    /// <summary>Ends a run that <see cref="Stopped"/>: failed with the first error, or cancelled as the task already is.</summary>
    public Task<AgentTaskOutcome> EndAsync() => _error is { } error
        ? FailAsync(error)
        : Task.FromResult(new AgentTaskOutcome(AgentTaskStatus.Cancelled, "cancelled while the agents were working"));

    /// <summary>Remembers the answer in the conversation, then ends the task succeeded with it.</summary>
    public async Task<AgentTaskOutcome> SucceedAsync(string answer)
    {
        if (input.ConversationId is not null)
        {
            await context.CallActivityAsync<bool>(nameof(AppendMemoryActivity), Record() with { Goal = input.Goal, Detail = answer }, AgentTaskWorkflow.RecordRetry);
        }

        // The actor refuses to complete a task cancelled meanwhile: then it stays cancelled, and so does the outcome.
        return await context.CallActivityAsync<bool>(nameof(FinishAgentRunActivity), Record() with { Detail = answer }, AgentTaskWorkflow.RecordRetry)
            ? new AgentTaskOutcome(AgentTaskStatus.Succeeded, answer)
            : new AgentTaskOutcome(AgentTaskStatus.Cancelled, "cancelled before the answer was recorded");
    }

    /// <summary>Ends the task failed with <paramref name="error"/>.</summary>
    public async Task<AgentTaskOutcome> FailAsync(string error)
    {
        await context.CallActivityAsync<bool>(nameof(FinishAgentRunActivity), Record() with { Detail = error, Succeeded = false }, AgentTaskWorkflow.RecordRetry);
        return new AgentTaskOutcome(AgentTaskStatus.Failed, error);
    }

    /// <summary>What a run that found nothing to do returns.</summary>
    public static AgentTaskOutcome Skipped { get; } = new("skipped", "the task was already final or waiting");

    private AgentRunRecordInput Record() => new(input.TaskId, input.Tenant, input.Trace, input.ConversationId);
}
