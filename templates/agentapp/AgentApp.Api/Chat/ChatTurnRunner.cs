using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AgentApp.Contracts;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Providers;
using AgentApp.Api.Memory;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.Chat;

/// <summary>A turn ready to run: the conversation so far plus the new message.</summary>
public sealed class ChatTurn
{
    internal ChatTurn(string conversationId, string tenant, string message, List<ChatMessage> messages, bool memoryOn,
        List<string> warnings, DateTimeOffset startedAt)
    {
        ConversationId = conversationId;
        Tenant = tenant;
        Message = message;
        Messages = messages;
        MemoryOn = memoryOn;
        Warnings = warnings;
        StartedAt = startedAt;
    }

    /// <summary>The conversation.</summary>
    public string ConversationId { get; }

    /// <summary>The owner.</summary>
    public string Tenant { get; }

    /// <summary>The user's message.</summary>
    public string Message { get; }

    /// <summary>What the model is sent: history and the new message.</summary>
    public List<ChatMessage> Messages { get; }

    /// <summary>Whether history was read and the turn will be stored.</summary>
    public bool MemoryOn { get; }

    /// <summary>Warnings for the caller so far.</summary>
    public List<string> Warnings { get; }

    /// <summary>When the user's message arrived.</summary>
    public DateTimeOffset StartedAt { get; }
}

/// <summary>A turn that ran, or why it did not.</summary>
/// <param name="Reply">The reply, when the turn ran.</param>
/// <param name="Usage">The tokens it used, when it ran.</param>
/// <param name="Failure">Why it did not run; null when it did.</param>
public sealed record ChatTurnOutcome(ChatReply? Reply, UsageDetails? Usage, ChatTurnFailure? Failure);

/// <summary>Why a turn produced no reply; the endpoint decides how to answer it.</summary>
public abstract record ChatTurnFailure
{
    /// <summary>A guardrail refused the turn.</summary>
    public sealed record Refused(GuardrailViolationException Refusal) : ChatTurnFailure;

    /// <summary>The chat model failed; <paramref name="Detail"/> says how, in the caller's terms.</summary>
    public sealed record ModelFailed(string Detail) : ChatTurnFailure;

    /// <summary>Another tenant owns the conversation, so the turn was not stored.</summary>
    public sealed record ConversationNotFound(string ConversationId) : ChatTurnFailure;
}

/// <summary>
/// Runs one turn of a conversation around the agent: reads the history from memory, calls the agent's
/// <see cref="IChatClient"/> pipeline (which does the tool loop), stores the turn. Memory being off never fails a turn.
/// </summary>
public sealed class ChatTurnRunner(IChatClient agent, ConversationMemory memory, ChatModelFailure failures, TimeProvider time, ILogger<ChatTurnRunner> logger)
{
    /// <summary>Loads the tenant's conversation (a new id when none is given); null when its actor says another tenant owns it.</summary>
    public async Task<ChatTurn?> StartAsync(string? conversationId, string message, string tenant, CancellationToken cancellationToken)
    {
        var id = conversationId ?? ConversationActorType.NewId();
        var read = await memory.GetAsync(id, tenant, cancellationToken);
        if (read.Value?.Access == ConversationAccess.OtherTenant)
        {
            return null;
        }

        var messages = new List<ChatMessage>();
        // Tool messages stay in the record but not in the prompt: the reply that follows them already carries their result,
        // and providers reject tool messages without the call that produced them.
        messages.AddRange((read.Value?.Messages ?? [])
            .Where(m => m.Role is ConversationRoles.User or ConversationRoles.Assistant)
            .Select(m => new ChatMessage(m.Role == ConversationRoles.User ? ChatRole.User : ChatRole.Assistant, m.Text)));
        messages.Add(new ChatMessage(ChatRole.User, message));
        return new ChatTurn(id, tenant, message, messages, read.IsAvailable, read.Problem is null ? [] : [read.Problem], time.GetUtcNow());
    }

    /// <summary>Runs the turn and stores it.</summary>
    public async Task<ChatTurnOutcome> CompleteAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        ChatResponse response;
        try
        {
            response = await agent.GetResponseAsync(turn.Messages, cancellationToken: cancellationToken);
        }
        catch (GuardrailViolationException refusal)
        {
            return new ChatTurnOutcome(null, null, new ChatTurnFailure.Refused(refusal));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The chat model failed for conversation {ConversationId}", turn.ConversationId);
            return new ChatTurnOutcome(null, null, new ChatTurnFailure.ModelFailed(failures.Describe(ex)));
        }

        var tools = new ToolCallLog();
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            tools.Record(content);
        }

        turn.Warnings.AddRange(GuardrailWarnings.From(response.AdditionalProperties));
        var reply = response.Text;
        if (response.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().FirstOrDefault() is { } approval)
        {
            reply = (reply + " " + NeedsApproval(approval)).Trim();
        }

        if (!await SaveAsync(turn, reply, tools.Calls, cancellationToken))
        {
            return new ChatTurnOutcome(null, null, new ChatTurnFailure.ConversationNotFound(turn.ConversationId));
        }

        return new ChatTurnOutcome(new ChatReply(turn.ConversationId, reply, tools.Calls, UsageInfo.From(response.Usage), turn.Warnings),
            response.Usage ?? new UsageDetails(), null);
    }

    /// <summary>
    /// Opens the turn as server-sent events: tool_call, tool_result and delta as they happen, then usage and done (or
    /// error). Guardrails check the input here, before anything is sent: a refusal throws
    /// <see cref="GuardrailViolationException"/> for the endpoint to answer with 422.
    /// </summary>
    public IAsyncEnumerable<SseItem<object>> Stream(ChatTurn turn, CancellationToken cancellationToken) =>
        StreamAsync(turn, agent.GetStreamingResponseAsync(turn.Messages, cancellationToken: cancellationToken), cancellationToken);

    private async IAsyncEnumerable<SseItem<object>> StreamAsync(ChatTurn turn, IAsyncEnumerable<ChatResponseUpdate> stream,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var tools = new ToolCallLog();
        var usage = new UsageDetails();
        ErrorEvent? failure = null;
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (GuardrailViolationException refusal)
            {
                failure = new ErrorEvent(StatusCodes.Status422UnprocessableEntity, $"Refused by the guardrail '{refusal.Rule}'.", refusal.Message);
                break;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The chat model failed while streaming conversation {ConversationId}", turn.ConversationId);
                failure = new ErrorEvent(StatusCodes.Status502BadGateway, ChatModelFailure.Title, failures.Describe(ex));
                break;
            }

            turn.Warnings.AddRange(GuardrailWarnings.From(updates.Current.AdditionalProperties));
            foreach (var content in updates.Current.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text:
                        reply.Append(text.Text);
                        yield return new SseItem<object>(new DeltaEvent(text.Text), ChatEvents.Delta);
                        break;
                    case FunctionCallContent call:
                        tools.Record(call);
                        yield return new SseItem<object>(new ToolCallEvent(call.CallId, call.Name, call.Arguments), ChatEvents.ToolCall);
                        break;
                    case FunctionResultContent result:
                        var recorded = tools.Record(result);
                        yield return new SseItem<object>(new ToolResultEvent(result.CallId, recorded?.Name ?? "", recorded?.Result), ChatEvents.ToolResult);
                        break;
                    case ToolApprovalRequestContent approval:
                        var notice = (reply.Length > 0 ? " " : "") + NeedsApproval(approval);
                        reply.Append(notice);
                        yield return new SseItem<object>(new DeltaEvent(notice), ChatEvents.Delta);
                        break;
                    case UsageContent used:
                        usage.Add(used.Details);
                        break;
                }
            }
        }

        if (failure is null && !await SaveAsync(turn, reply.ToString(), tools.Calls, cancellationToken))
        {
            failure = new ErrorEvent(StatusCodes.Status404NotFound, "Conversation not found.",
                $"There is no conversation '{turn.ConversationId}' for this tenant.");
        }

        if (failure is not null)
        {
            yield return new SseItem<object>(failure, ChatEvents.Error);
            yield break;
        }

        var usageInfo = UsageInfo.From(usage);
        yield return new SseItem<object>(usageInfo, ChatEvents.Usage);
        yield return new SseItem<object>(new ChatReply(turn.ConversationId, reply.ToString(), tools.Calls, usageInfo, turn.Warnings), ChatEvents.Done);
    }

    /// <summary>
    /// A chat turn cannot wait hours for a person: say what needs approval and how to get it (an agent task waits in a workflow).
    /// </summary>
    private static string NeedsApproval(ToolApprovalRequestContent approval) =>
        $"The {(approval.ToolCall as FunctionCallContent)?.Name ?? "requested"} tool needs a person's approval before it runs, which a chat " +
        "turn cannot wait for. Submit this as a task (POST /v1/tasks): it waits for approval at POST /v1/tasks/{id}/approval.";

    /// <summary>Stores user, tool and assistant messages in one append; false when another tenant owns the conversation.</summary>
    private async Task<bool> SaveAsync(ChatTurn turn, string reply, IReadOnlyList<ToolCallInfo> tools, CancellationToken cancellationToken)
    {
        if (!turn.MemoryOn)
        {
            return true;
        }

        var now = time.GetUtcNow();
        List<ConversationMessage> messages = [new(ConversationRoles.User, turn.Message, turn.StartedAt)];
        messages.AddRange(tools.Select(t => new ConversationMessage(ConversationRoles.Tool, t.Result ?? "", now, t.Name)));
        messages.Add(new ConversationMessage(ConversationRoles.Assistant, reply, now));
        var saved = await memory.AppendAsync(turn.ConversationId, turn.Tenant, messages, cancellationToken);
        if (saved.Problem is not null)
        {
            turn.Warnings.Add($"This turn was not saved. {saved.Problem}");
        }

        return saved.Value?.Accepted != false;
    }

    /// <summary>Pairs tool calls with their results, in call order.</summary>
    private sealed class ToolCallLog
    {
        private readonly List<ToolCallInfo> _calls = [];

        public IReadOnlyList<ToolCallInfo> Calls => _calls;

        public ToolCallInfo? Record(AIContent content)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    _calls.Add(new ToolCallInfo(call.CallId, call.Name, call.Arguments, null));
                    return _calls[^1];
                case FunctionResultContent result when _calls.FindIndex(c => c.CallId == result.CallId) is var i and >= 0:
                    _calls[i] = _calls[i] with { Result = ResultText(result) };
                    return _calls[i];
                default:
                    return null;
            }
        }

        private static string ResultText(FunctionResultContent result) => result.Result switch
        {
            null => result.Exception is null ? "" : "The tool failed.",
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString() ?? "",
            var other => JsonSerializer.Serialize(other),
        };
    }
}
