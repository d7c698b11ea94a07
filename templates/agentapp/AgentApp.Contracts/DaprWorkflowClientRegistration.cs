using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Contracts;

/// <summary>The Dapr workflow client without the workflow runtime, for services that start or signal workflows but host none.</summary>
public static class DaprWorkflowClientRegistration
{
    /// <summary>
    /// Registers <see cref="IDaprWorkflowClient"/> (address: <c>DAPR_GRPC_ENDPOINT</c>, else <c>DAPR_GRPC_PORT</c>). Dapr.Workflow
    /// 1.19 keeps its client-only registration internal, so this adds the full registration and drops its background
    /// worker, which would otherwise poll the sidecar forever for work this service never has.
    /// </summary>
    public static IServiceCollection AddDaprWorkflowClientOnly(this IServiceCollection services)
    {
        services.AddDaprWorkflow(_ => { });
        var daprWorkflow = typeof(DaprWorkflowClient).Assembly;
        foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService)
                     && (d.ImplementationType?.Assembly == daprWorkflow || d.ImplementationFactory?.Method.DeclaringType?.Assembly == daprWorkflow)).ToList())
        {
            services.Remove(worker);
        }

        // Registered as the class only; callers take the interface (mockable).
        services.TryAddSingleton<IDaprWorkflowClient>(provider => provider.GetRequiredService<DaprWorkflowClient>());
        return services;
    }
}
