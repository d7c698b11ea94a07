using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentApp.Actors.Tasks.Retention;

/// <summary>Registers <see cref="TaskRetention"/>.</summary>
public static class TaskRetentionServiceCollectionExtensions
{
    /// <summary>Adds task retention (<c>Tasks:Retention</c>, validated at start-up); needs the workflow client (<c>AddDaprWorkflow</c>).</summary>
    public static IHostApplicationBuilder AddTaskRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TaskRetentionOptions>()
            .BindConfiguration(TaskRetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<IDaprWorkflowClient>(provider => provider.GetRequiredService<DaprWorkflowClient>());
        builder.Services.AddSingleton<TaskRetention>();
        return builder;
    }
}
