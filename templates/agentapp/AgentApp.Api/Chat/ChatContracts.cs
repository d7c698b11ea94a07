using Microsoft.Extensions.AI;

namespace AgentApp.Api.Chat;

/// <summary>A message to the agent.</summary>
/// <param name="ConversationId">
/// Continue this conversation of your tenant; omit it to start a new one, whose id the answer carries (the recommended
/// way: ids are the server's). An id you choose is created on first use and is yours alone: another tenant's use of the
/// same id is another conversation.
/// </param>
/// <param name="Message">What the user says.</param>
public sealed record ChatRequest(string? ConversationId, string? Message);

/// <summary>The agent's answer; also the <c>done</c> event of a streamed answer.</summary>
/// <param name="ConversationId">The conversation, new or continued.</param>
/// <param name="Reply">The agent's reply.</param>
/// <param name="ToolCalls">The tools the agent called, in order.</param>
/// <param name="Usage">Tokens used by the whole turn, tool rounds included.</param>
/// <param name="Warnings">Things the caller should know, e.g. that conversation memory is off and how to turn it on.</param>
public sealed record ChatReply(string ConversationId, string Reply, IReadOnlyList<ToolCallInfo> ToolCalls, UsageInfo Usage,
    IReadOnlyList<string> Warnings);

/// <summary>A tool call and its result.</summary>
/// <param name="CallId">The call's id, pairing <c>tool_call</c> and <c>tool_result</c> events.</param>
/// <param name="Name">The tool.</param>
/// <param name="Arguments">The arguments the model passed.</param>
/// <param name="Result">What the tool returned.</param>
public sealed record ToolCallInfo(string CallId, string Name, IDictionary<string, object?>? Arguments, string? Result);

/// <summary>Token usage.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="TotalTokens">Both.</param>
public sealed record UsageInfo(long InputTokens, long OutputTokens, long TotalTokens)
{
    /// <summary>From the pipeline's usage; providers that report no total get the sum.</summary>
    public static UsageInfo From(UsageDetails? usage)
    {
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        return new UsageInfo(input, output, usage?.TotalTokenCount ?? input + output);
    }
}

/// <summary>The <c>delta</c> event: the next piece of the reply.</summary>
public sealed record DeltaEvent(string Text);

/// <summary>The <c>tool_call</c> event: the model asked for a tool.</summary>
public sealed record ToolCallEvent(string CallId, string Name, IDictionary<string, object?>? Arguments);

/// <summary>The <c>tool_result</c> event: the tool answered.</summary>
public sealed record ToolResultEvent(string CallId, string Name, string? Result);

/// <summary>The <c>error</c> event: the turn failed after streaming began; no <c>done</c> follows.</summary>
public sealed record ErrorEvent(int Status, string Title, string Detail);

/// <summary>The SSE event names of <c>POST /v1/chat</c>.</summary>
public static class ChatEvents
{
    /// <summary>A piece of the reply text.</summary>
    public const string Delta = "delta";

    /// <summary>The model called a tool.</summary>
    public const string ToolCall = "tool_call";

    /// <summary>The tool's result.</summary>
    public const string ToolResult = "tool_result";

    /// <summary>The turn's token usage, just before <see cref="Done"/>.</summary>
    public const string Usage = "usage";

    /// <summary>The end: a <see cref="ChatReply"/>.</summary>
    public const string Done = "done";

    /// <summary>The turn failed: an <see cref="ErrorEvent"/>.</summary>
    public const string Error = "error";
}
