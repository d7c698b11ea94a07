using System.Text.Json;
using AgentApp.Contracts;
using Microsoft.Extensions.AI;

namespace AgentApp.Worker.Tasks;

/// <summary>What the agent is sent for a task run.</summary>
public static class TaskPrompt
{
    /// <summary>
    /// The goal; after an approval, also the approved call as the function-invocation middleware expects it (its approval
    /// request and a granting response), so the middleware makes the call and the model continues from its result.
    /// </summary>
    public static List<ChatMessage> For(string goal, ToolCallForApproval? approved)
    {
        var messages = new List<ChatMessage> { new(ChatRole.User, goal) };
        if (approved is null)
        {
            return messages;
        }

        var call = new FunctionCallContent(approved.CallId, approved.ToolName,
            JsonSerializer.Deserialize<Dictionary<string, object?>>(approved.ArgumentsJson, JsonSerializerOptions.Web));
        messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolApprovalRequestContent(approved.RequestId, call)]));
        messages.Add(new ChatMessage(ChatRole.User, [new ToolApprovalResponseContent(approved.RequestId, true, call)]));
        return messages;
    }

    /// <summary>The call in <paramref name="request"/>, as the task actor keeps it.</summary>
    public static ToolCallForApproval Pending(ToolApprovalRequestContent request)
    {
        var call = request.ToolCall as FunctionCallContent
            ?? throw new InvalidOperationException($"Approval requested for a {request.ToolCall.GetType().Name}, not a function call.");
        return new ToolCallForApproval(request.RequestId, call.CallId, call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), JsonSerializerOptions.Web));
    }
}
