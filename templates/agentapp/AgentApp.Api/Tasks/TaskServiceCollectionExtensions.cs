using AgentApp.Api.Dapr;
using AgentApp.Contracts;
using AgentApp.DaprHosting;
using AgentApp.Messaging;

namespace AgentApp.Api.Tasks;

/// <summary>Registers agent tasks: tracking in task actors and the Kafka queue.</summary>
public static class TaskServiceCollectionExtensions
{
    /// <summary>Adds <see cref="TaskTracker"/>, <see cref="KafkaTaskQueue"/>, the event stream and approvals, over the Dapr sidecar.</summary>
    public static IHostApplicationBuilder AddAgentTasks(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaTaskQueue();
        builder.Services.AddSettings<TaskLifecycleOptions>(TaskLifecycleOptions.Section);
        builder.Services.AddDaprSidecar();
        builder.Services.AddSingleton<TaskTracker>();
        builder.Services.AddSingleton<TaskEventStream>();
        if (builder.Configuration[TaskWorkflowHost.AppIdSetting] is { Length: > 0 })
        {
            // Another app hosts the task workflows: decisions go there by service invocation, never through our own sidecar.
            builder.Services.AddHttpClient(nameof(InvokedTaskApprovalWorkflows));
            builder.Services.AddSingleton<ITaskApprovalWorkflows, InvokedTaskApprovalWorkflows>();
        }
        else
        {
            // The client only: the approval workflows run in the actors service. Its calls carry a timeout (see the class).
            builder.Services.AddDaprWorkflowClientOnly();
            builder.Services.AddSingleton<ITaskApprovalWorkflows, DaprTaskApprovalWorkflows>();
        }

        return builder;
    }
}
