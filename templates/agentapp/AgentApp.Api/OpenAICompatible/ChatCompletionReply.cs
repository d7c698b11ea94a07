using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>
/// One answer in OpenAI's shapes: the completion, or its chunks. Only what the client should see goes out: text, and
/// calls to the client's own tools. The agent's tool calls and results are its business.
/// </summary>
public sealed class ChatCompletionReply(string id, long created, string model, IReadOnlySet<string> clientTools)
{
    private int _toolCalls;

    /// <summary>Whether an update carries something the client sees.</summary>
    public bool IsVisible(ChatResponseUpdate update) =>
        (update.Role != ChatRole.Tool && update.Text.Length > 0) || update.Contents.OfType<FunctionCallContent>().Any(IsClientCall);

    /// <summary>The chunk deltas of one update: its text, then each call to a client tool with its index.</summary>
    public IEnumerable<ChatCompletionDelta> Deltas(ChatResponseUpdate update)
    {
        if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
        {
            yield return new ChatCompletionDelta(null, text);
        }

        foreach (var call in update.Contents.OfType<FunctionCallContent>().Where(IsClientCall))
        {
            yield return new ChatCompletionDelta(null, null, [ToolCall(call, _toolCalls++)]);
        }
    }

    /// <summary>A chunk with one choice.</summary>
    public ChatCompletionChunk Chunk(ChatCompletionDelta delta, string? finishReason) =>
        new(id, "chat.completion.chunk", created, model, [new ChatCompletionChunkChoice(0, delta, finishReason)], null);

    /// <summary>The usage chunk (<c>stream_options.include_usage</c>): no choices.</summary>
    public ChatCompletionChunk UsageChunk(UsageDetails usage) => new(id, "chat.completion.chunk", created, model, [], Usage(usage));

    /// <summary>The non-streamed completion.</summary>
    public ChatCompletion Completion(ChatResponse response)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(IsClientCall)
            .Select(call => ToolCall(call, null)).ToList();
        _toolCalls = calls.Count;
        var text = string.Concat(response.Messages.Where(m => m.Role != ChatRole.Tool).Select(m => m.Text));
        var message = new ChatCompletionResponseMessage("assistant", text.Length == 0 && calls.Count > 0 ? null : text,
            calls.Count > 0 ? calls : null);
        return new ChatCompletion(id, "chat.completion", created, response.ModelId ?? model,
            [new ChatCompletionChoice(0, message, FinishReason(response.FinishReason))], Usage(response.Usage ?? new UsageDetails()));
    }

    /// <summary>OpenAI's finish reason: <c>tool_calls</c> once the client was asked to call a tool.</summary>
    public string FinishReason(ChatFinishReason? reason) =>
        _toolCalls > 0 ? "tool_calls"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    private bool IsClientCall(FunctionCallContent call) => clientTools.Contains(call.Name);

    private static ChatCompletionToolCall ToolCall(FunctionCallContent call, int? index) =>
        new(call.CallId, "function", new ChatCompletionFunctionCall(call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>())), index);

    private static ChatCompletionUsage Usage(UsageDetails usage) => new(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0,
        usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0));
}
