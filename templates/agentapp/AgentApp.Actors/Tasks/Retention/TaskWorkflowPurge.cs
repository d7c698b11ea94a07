using System.Net.Http.Json;
using AgentApp.Contracts;
using AgentApp.DaprHosting;

namespace AgentApp.Actors.Tasks.Retention;

/// <summary>Purges a finished task's workflow instances (its run and its approval step) in the app that hosts them.</summary>
public interface ITaskWorkflowPurge
{
    /// <summary>How many instances were purged; null when they cannot be purged yet (still running, host away): try again later.</summary>
    Task<int?> PurgeAsync(string taskId, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ITaskWorkflowPurge"/> by Dapr service invocation of the workflow host (<see cref="TaskWorkflowHost"/>): only
/// the sidecar that scheduled a workflow can purge it. Throws when the host cannot be reached.
/// </summary>
public sealed partial class InvokedTaskWorkflowPurge(IHttpClientFactory http, IConfiguration configuration, ILogger<InvokedTaskWorkflowPurge> logger)
    : ITaskWorkflowPurge
{
    /// <inheritdoc />
    public async Task<int?> PurgeAsync(string taskId, CancellationToken cancellationToken)
    {
        if (configuration[TaskWorkflowHost.AppIdSetting] is not { Length: > 0 })
        {
            // No workflow host named (a test or a deployment without the worker): there are no instances to purge here.
            LogNoHost(TaskWorkflowHost.AppIdSetting, taskId);
            return 0;
        }

        using var request = DaprServiceInvocation.Request(configuration, HttpMethod.Delete, TaskWorkflowHost.AppIdFrom(configuration), TaskWorkflowHost.InstancesPath(taskId));
        using var response = await http.CreateClient(nameof(InvokedTaskWorkflowPurge)).SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return (await response.Content.ReadFromJsonAsync<TaskWorkflowsPurged>(cancellationToken))?.Purged ?? 0;
        }

        LogNotYet(taskId, (int)response.StatusCode);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is not set: the workflow instances of task {TaskId} are not purged")]
    private partial void LogNoHost(string setting, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The workflow host did not purge task {TaskId}'s workflows yet ({Status})")]
    private partial void LogNotYet(string taskId, int status);
}
