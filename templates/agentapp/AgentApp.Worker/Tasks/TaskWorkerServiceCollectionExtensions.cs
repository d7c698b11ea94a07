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
        builder.Services.AddSettings<TaskWorkerOptions>(TaskWorkerOptions.Section);
        builder.Services.AddSingleton<TaskActorSidecar>();
        builder.Services.AddSingleton<TaskEventProducer>();
        builder.Services.AddSingleton<ConsumerLag>();
        builder.Services.AddSingleton<TaskWorkerMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddTokenQuotaDebits();
        // A task is one durable workflow, hosted here.
        builder.AddDurableAgent();
        builder.Services.AddHostedService<AgentTaskConsumer>();
        return builder;
    }

    /// <summary>
    /// What tasks spend is debited from the tenant budgets the gateway keeps in Redis, when the worker has that Redis
    /// (<c>ConnectionStrings:cache</c>). It fails fast while Redis is away, and is not part of readiness: a lost debit is
    /// logged, and the worker's work does not wait for it.
    /// </summary>
    private static void AddTokenQuotaDebits(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(TaskTokenDebit.ConnectionName)))
        {
            builder.AddRedisClient(TaskTokenDebit.ConnectionName, settings => settings.DisableHealthChecks = true, options =>
            {
                options.AbortOnConnectFail = false;
                options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
                options.ConnectTimeout = options.SyncTimeout = options.AsyncTimeout = 2000;
            });
            builder.Services.AddSingleton(sp => new AgentApp.Quotas.TokenLedger(
                sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        builder.Services.AddSingleton<TaskTokenDebit>();
    }
}
