using AgentApp.Contracts;
using AgentApp.Messaging;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentApp.Actors.Tasks.Approval;

/// <summary>Registers the approval workflow, its activities and what they need.</summary>
public static class TaskApprovalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the workflow runtime with <see cref="TaskApprovalWorkflow"/> and its activities, the Kafka queue the approved
    /// tasks go back to (<c>ConnectionStrings:kafka</c>) and task actor proxies. The workflow worker starts once the sidecar
    /// answers (<see cref="SidecarGatedWorkflowWorker"/>); the host starts and stays healthy without one.
    /// </summary>
    public static IHostApplicationBuilder AddTaskApprovalWorkflow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TaskQueueOptions>()
            .BindConfiguration(TaskQueueOptions.Section)
            .Configure(o => o.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? o.BootstrapServers)
            .Configure(o => builder.Configuration.GetSection(KafkaSecurityOptions.Section).Bind(o.Security))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ITaskQueue, KafkaTaskQueue>();
        builder.Services.AddSingleton<ITaskActors, TaskActorsThroughSidecar>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<TaskApprovalWorkflow>(TaskApprovalWorkflowNames.Workflow);
            options.RegisterActivity<ContinueTaskActivity>(nameof(ContinueTaskActivity));
            options.RegisterActivity<CompensateTaskActivity>(nameof(CompensateTaskActivity));
            options.RegisterActivity<CancelTaskActivity>(nameof(CancelTaskActivity));
        });
        SidecarGatedWorkflowWorker.Gate(builder.Services);
        return builder;
    }
}
