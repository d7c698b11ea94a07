using AgentApp.Agent;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Telemetry;

namespace AgentApp.Worker.Tasks;

/// <summary>Registers the task worker.</summary>
public static class TaskWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the agent pipeline (shared with the api), task actors, the event producer and the consumer. Readiness stays on
    /// Kafka alone: without a sidecar the worker hands tasks back and waits, it does not go unhealthy.
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
        // Starts approval workflows (hosted by the actors service); calls carry a timeout, so no sidecar means a hand-back.
        builder.Services.AddDaprWorkflowClientOnly();
        builder.Services.AddSingleton<ITaskApprovalGate, DaprTaskApprovalGate>();
        builder.Services.AddSingleton<AgentTaskRunner>();
        builder.Services.AddHostedService<AgentTaskConsumer>();
        return builder;
    }
}
