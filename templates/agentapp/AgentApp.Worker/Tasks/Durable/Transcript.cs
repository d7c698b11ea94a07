using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>The workflow's transcript as the chat messages the model is sent.</summary>
public static class Transcript
{
    /// <summary>The goal, then each tool call and its result, in order.</summary>
    public static List<ChatMessage> ToMessages(IEnumerable<TranscriptEntry> entries) =>
    [
        .. entries.Select(e => e switch
        {
            { Role: "assistant", Call: { } call } => new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent(call.CallId, call.Name, JsonSerializer.Deserialize<Dictionary<string, object?>>(call.ArgumentsJson, JsonSerializerOptions.Web))]),
            { Role: "tool", Call: { } call } => new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, e.Text)]),
            _ => new ChatMessage(ChatRole.User, e.Text),
        }),
    ];
}
