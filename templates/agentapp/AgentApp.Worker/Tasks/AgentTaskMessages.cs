using System.Text.Json;
using AgentApp.Contracts;

namespace AgentApp.Worker.Tasks;

/// <summary>Reading task messages off the tasks topic.</summary>
public static class AgentTaskMessages
{
    /// <summary>What a dead letter says about a message that is not a task.</summary>
    public const string MalformedError = "Not a task message: expected JSON with taskId (t + 32 hex digits), tenant and goal.";

    /// <summary>The task in <paramref name="json"/>, or null when it is not a well-formed task message.</summary>
    public static AgentTaskMessage? Parse(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<AgentTaskMessage>(json, JsonSerializerOptions.Web) is
                { Tenant.Length: > 0, Goal.Length: > 0 } task && TaskActorType.IsValidId(task.TaskId) ? task : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
