
namespace AgentApp.Actors.Tasks.Retention;

/// <summary>Registers <see cref="TaskRetention"/>.</summary>
public static class TaskRetentionServiceCollectionExtensions
{
    /// <summary>Adds task retention (<c>Tasks:Retention</c>, validated at start-up); workflow instances are purged by their host (<c>Dapr:WorkflowAppId</c>).</summary>
    public static IHostApplicationBuilder AddTaskRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<TaskRetentionOptions>(TaskRetentionOptions.Section);
        builder.Services.AddHttpClient(nameof(InvokedTaskWorkflowPurge));
        builder.Services.AddSingleton<ITaskWorkflowPurge, InvokedTaskWorkflowPurge>();
        builder.Services.AddSingleton<TaskRetention>();
        return builder;
    }
}
