using AgentApp.Agent;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks.Durable;
using AgentApp.Worker.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentApp.Worker.Tasks;

/// <summary>Registers the task worker.</summary>
public static class TaskWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the agent pipeline (shared with the api), task actors, the event producer, the task workflows and the consumer
    /// that starts them. Readiness stays on Kafka alone: without a sidecar the worker hands tasks back and waits, it does
    /// not go unhealthy.
    /// </summary>
    public static IHostApplicationBuilder AddTaskWorker(this IHostApplicationBuilder builder)
    {
        builder.AddAgentPipeline();
        builder.Services.AddOptions<TaskWorkerOptions>()
            .BindConfiguration(TaskWorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TaskActors>();
        builder.Services.AddSingleton<TaskEventProducer>();
        builder.Services.AddSingleton<ConsumerLag>();
        builder.Services.AddSingleton<TaskWorkerMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // A task is one durable workflow, hosted here.
        builder.AddDurableAgent();
        builder.Services.AddHostedService<AgentTaskConsumer>();
        return builder;
    }
}
