using Microsoft.Extensions.Configuration;

namespace AgentApp.Contracts;

/// <summary>
/// How apps that do not host the task workflows reach them. On Dapr a workflow lives in the app whose sidecar scheduled
/// it, and only that sidecar can raise its events or purge it, so the others call the hosting app (<c>Dapr:WorkflowAppId</c>)
/// by Dapr service invocation (through their own sidecar, mTLS between sidecars). See
/// https://docs.dapr.io/developing-applications/building-blocks/workflow/workflow-architecture/.
/// </summary>
public static class TaskWorkflowHost
{
    /// <summary>The setting naming the app id that hosts the task workflows.</summary>
    public const string AppIdSetting = "Dapr:WorkflowAppId";

    /// <summary>The hosting app's route for a person's decision on task <paramref name="taskId"/> (POST).</summary>
    public static string ApprovalPath(string taskId) => $"workflows/tasks/{taskId}/approval";

    /// <summary>The hosting app's route for task <paramref name="taskId"/>'s workflow instances (DELETE purges them once they have ended).</summary>
    public static string InstancesPath(string taskId) => $"workflows/tasks/{taskId}";

    /// <summary>The app id that hosts the task workflows, as <paramref name="configuration"/> names it.</summary>
    public static string AppIdFrom(IConfiguration configuration) =>
        configuration[AppIdSetting] is { Length: > 0 } appId ? appId : throw new InvalidOperationException($"{AppIdSetting} is not set.");
}

/// <summary>What purging a task's workflow instances did.</summary>
/// <param name="Purged">Instances removed (none when there were none, or they were gone already).</param>
public sealed record TaskWorkflowsPurged(int Purged);
