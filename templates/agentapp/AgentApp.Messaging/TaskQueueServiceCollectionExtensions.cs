using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Messaging;

/// <summary>Registers the task queue.</summary>
public static class TaskQueueServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="KafkaTaskQueue"/> as <see cref="ITaskQueue"/> with <see cref="TaskQueueOptions"/> (section
    /// <c>Kafka</c>, brokers from <c>ConnectionStrings:kafka</c>), validated at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaTaskQueue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<TaskQueueOptions>(TaskQueueOptions.Section)
            .Configure(o => o.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? o.BootstrapServers);
        builder.Services.AddSingleton<ITaskQueue, KafkaTaskQueue>();
        return builder;
    }
}
