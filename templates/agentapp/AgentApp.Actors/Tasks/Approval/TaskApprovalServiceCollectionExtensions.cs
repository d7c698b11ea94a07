using AgentApp.Contracts;
using AgentApp.Messaging;
using Dapr.Workflow;

namespace AgentApp.Actors.Tasks.Approval;

/// <summary>Registers the approval workflow, its activities and what they need.</summary>
public static class TaskApprovalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the workflow runtime with <see cref="TaskApprovalWorkflow"/> and its activities, the Kafka queue the approved
    /// tasks go back to (<c>ConnectionStrings:kafka</c>) and task actor proxies. Without a sidecar the workflow worker only
    /// logs and retries in the background; the host starts and stays healthy (readiness does not depend on it).
    /// </summary>
    public static IHostApplicationBuilder AddTaskApprovalWorkflow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TaskQueueOptions>()
            .BindConfiguration(TaskQueueOptions.Section)
            .Configure(o => o.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? o.BootstrapServers)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ITaskQueue, KafkaTaskQueue>();
        builder.Services.AddSingleton<ITaskActors, TaskActorsThroughSidecar>();
        builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<TaskApprovalWorkflow>(TaskApprovalWorkflowNames.Workflow);
            options.RegisterActivity<ContinueTaskActivity>(nameof(ContinueTaskActivity));
            options.RegisterActivity<CompensateTaskActivity>(nameof(CompensateTaskActivity));
            options.RegisterActivity<CancelTaskActivity>(nameof(CancelTaskActivity));
        });
        return builder;
    }
}
