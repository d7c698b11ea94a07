using Dapr.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentApp.DaprHosting;

/// <summary>How a service takes Dapr's workflow client, or hosts workflows without an error loop when daprd is absent.</summary>
public static class DaprWorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDaprWorkflowClient"/> (address: <c>DAPR_GRPC_ENDPOINT</c>, else <c>DAPR_GRPC_PORT</c>), for a
    /// service that starts or signals workflows but hosts none. Dapr.Workflow 1.19 keeps its client-only registration
    /// internal, so this adds the full registration and drops its background worker, which would otherwise poll the
    /// sidecar forever for work this service never has.
    /// </summary>
    public static IServiceCollection AddDaprWorkflowClientOnly(this IServiceCollection services)
    {
        services.AddDaprWorkflow(_ => { });
        foreach (var worker in WorkflowWorkers(services))
        {
            services.Remove(worker);
        }

        // Registered as the class only; callers take the interface (mockable).
        services.TryAddSingleton<IDaprWorkflowClient>(provider => provider.GetRequiredService<DaprWorkflowClient>());
        return services;
    }

    /// <summary>
    /// Replaces the hosted services Dapr.Workflow registered (its worker) with <see cref="SidecarGatedWorkflowWorker"/>s,
    /// which start them once the sidecar answers. Call after <c>AddDaprWorkflow</c>.
    /// </summary>
    public static IServiceCollection AddSidecarGatedWorkflowWorker(this IServiceCollection services)
    {
        foreach (var worker in WorkflowWorkers(services))
        {
            services.Remove(worker);
            services.AddSingleton<IHostedService>(provider => new SidecarGatedWorkflowWorker(
                () => (IHostedService)(worker.ImplementationFactory?.Invoke(provider)
                    ?? ActivatorUtilities.CreateInstance(provider, worker.ImplementationType!)),
                provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<SidecarGatedWorkflowWorker>>()));
        }

        return services;
    }

    private static List<ServiceDescriptor> WorkflowWorkers(IServiceCollection services)
    {
        var daprWorkflow = typeof(DaprWorkflowClient).Assembly;
        return [.. services.Where(d => d.ServiceType == typeof(IHostedService)
            && (d.ImplementationType?.Assembly == daprWorkflow || d.ImplementationFactory?.Method.DeclaringType?.Assembly == daprWorkflow))];
    }
}
