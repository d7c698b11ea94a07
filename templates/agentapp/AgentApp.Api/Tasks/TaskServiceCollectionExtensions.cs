namespace AgentApp.Api.Tasks;

/// <summary>Registers agent tasks: the actor-backed store and the Kafka queue.</summary>
public static class TaskServiceCollectionExtensions
{
    /// <summary>Adds <see cref="TaskStore"/> and <see cref="KafkaTaskQueue"/>; needs <c>AddConversationMemory</c> (the sidecar probe and proxies).</summary>
    public static IHostApplicationBuilder AddAgentTasks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TaskQueueOptions>()
            .BindConfiguration(TaskQueueOptions.Section)
            .Configure(o => o.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? o.BootstrapServers)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TaskStore>();
        builder.Services.AddSingleton<ITaskQueue, KafkaTaskQueue>();
        return builder;
    }
}
