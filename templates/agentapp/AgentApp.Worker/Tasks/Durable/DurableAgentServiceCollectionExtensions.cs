using AgentApp.Contracts;
using AgentApp.DaprHosting;
using AgentApp.Worker.Tasks.MultiAgent;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>Registers the durable agent: the task workflows, their activities, and the runner that starts them.</summary>
public static class DurableAgentServiceCollectionExtensions
{
    /// <summary>
    /// Makes this app the host of the agent task workflows. On Dapr a workflow runs in the app whose sidecar scheduled it
    /// (the instance lives in that app id's workflow actors), so the app that registers them is the only one that
    /// schedules them: the worker, because its activities need the agent pipeline and tools and its Kafka consumer is
    /// where tasks arrive. Other apps reach a task's workflow through the task actor or this app, never their own sidecar.
    /// </summary>
    public static IHostApplicationBuilder AddDurableAgent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskRecord>();
        builder.Services.AddSingleton<TaskFailures>();
        builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<AgentTaskWorkflow>(AgentTaskWorkflowNames.Workflow);
            options.RegisterWorkflow<TaskApprovalGateWorkflow>(AgentTaskWorkflowNames.ApprovalGate);
            options.RegisterActivity<StartTaskActivity>(nameof(StartTaskActivity));
            options.RegisterActivity<CallModelActivity>(nameof(CallModelActivity));
            options.RegisterActivity<CallToolActivity>(nameof(CallToolActivity));
            options.RegisterActivity<RecordRetryActivity>(nameof(RecordRetryActivity));
            options.RegisterActivity<CompleteTaskActivity>(nameof(CompleteTaskActivity));
            options.RegisterActivity<FailTaskActivity>(nameof(FailTaskActivity));
            options.RegisterActivity<RequestApprovalActivity>(nameof(RequestApprovalActivity));
            options.RegisterActivity<ApproveTaskActivity>(nameof(ApproveTaskActivity));
            options.RegisterActivity<CompensateTaskActivity>(nameof(CompensateTaskActivity));
            options.RegisterActivity<CancelTaskActivity>(nameof(CancelTaskActivity));
            // A task with a mode (sequential, concurrent, orchestrated) runs that mode's multi-agent workflow instead.
            options.RegisterMultiAgentWorkflows();
        });
        // Without a sidecar the workflow worker would retry and log errors every few seconds: start it once daprd answers.
        builder.Services.AddSidecarGatedWorkflowWorker();
        builder.Services.TryAddSingleton<IDaprWorkflowClient>(provider => provider.GetRequiredService<DaprWorkflowClient>());
        builder.Services.AddSingleton<WorkflowTaskRunner>();
        return builder;
    }
}
