using System.Text.Json;

namespace AgentApp.Web.Gateway;

// The api's JSON as the console reads it: only the fields it shows. The console is a client of the gateway like any
// other, so it keeps its own view of the wire format instead of sharing the api's types.

/// <summary>The <c>done</c> event of a streamed chat turn.</summary>
public sealed record ChatReply(string ConversationId, string Reply, IReadOnlyList<ToolCallInfo> ToolCalls, UsageInfo Usage, IReadOnlyList<string> Warnings);

/// <summary>A tool call and its result.</summary>
public sealed record ToolCallInfo(string CallId, string Name, JsonElement? Arguments, string? Result);

/// <summary>Token usage of a turn.</summary>
public sealed record UsageInfo(long InputTokens, long OutputTokens, long TotalTokens);

/// <summary>A piece of the reply.</summary>
public sealed record DeltaEvent(string Text);

/// <summary>The model called a tool.</summary>
public sealed record ToolCallEvent(string CallId, string Name, JsonElement? Arguments);

/// <summary>The tool answered.</summary>
public sealed record ToolResultEvent(string CallId, string Name, string? Result);

/// <summary>The turn failed after streaming began.</summary>
public sealed record ErrorEvent(int Status, string Title, string Detail);

/// <summary>A conversation's kept messages.</summary>
public sealed record ConversationHistory(string ConversationId, IReadOnlyList<ConversationMessage> Messages, int TrimmedCount);

/// <summary>One kept message: user, tool or assistant.</summary>
public sealed record ConversationMessage(string Role, string Text, DateTimeOffset At, string? ToolName);

/// <summary>The answer to a task submission.</summary>
public sealed record TaskAccepted(string TaskId, string Status);

/// <summary>A task now (also the <c>snapshot</c> event).</summary>
public sealed record TaskDetails(string TaskId, string Status, string Goal, IReadOnlyList<TaskStep> Steps, string? Result, string? Error,
    TaskApproval? Approval);

/// <summary>One step of a task's timeline; <see cref="Agent"/> names the agent whose turn it was, in a multi-agent task.</summary>
public sealed record TaskStep(int Sequence, string Kind, string Detail, DateTimeOffset At, string? Status, string? Agent = null);

/// <summary>The tool call a task waits on, and the decision once made.</summary>
public sealed record TaskApproval(ToolCallForApproval Call, string? Decision, string? DecidedBy, string? Comment);

/// <summary>The tool call that needs a person's approval.</summary>
public sealed record ToolCallForApproval(string ToolName, string ArgumentsJson);

/// <summary>A step as the task event stream sends it.</summary>
public sealed record TaskEvent(string TaskId, int Sequence, string Kind, string Status, string Detail, DateTimeOffset At, string? Agent = null);

/// <summary>The answer to a cancel or an approval decision.</summary>
public sealed record TaskControlResult(string TaskId, string Status, string Detail);

/// <summary>The task statuses the console treats specially.</summary>
public static class TaskStatuses
{
    /// <summary>Parked at a tool call until a person decides.</summary>
    public const string WaitingApproval = "waiting_approval";

    /// <summary>Whether nothing more will happen to the task.</summary>
    public static bool IsFinal(string? status) => status is "succeeded" or "failed" or "cancelled";
}
