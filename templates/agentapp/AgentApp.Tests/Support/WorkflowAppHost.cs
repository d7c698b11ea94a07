using Microsoft.Extensions.Configuration;
using AgentApp.Workflows.InMemory;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Support;

/// <summary>
/// An app that registers workflows with the stock Dapr SDK, pointed at an <see cref="InMemoryWorkflowEngine"/> through
/// <c>DAPR_GRPC_ENDPOINT</c> exactly as at a sidecar; its workflow client schedules through the same engine.
/// </summary>
public sealed class WorkflowAppHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkflowAppHost(IHost host) => _host = host;

    /// <summary>The app's workflow client (its "own sidecar").</summary>
    public DaprWorkflowClient Client => _host.Services.GetRequiredService<DaprWorkflowClient>();

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts the app: <paramref name="configure"/> adds its workflows (e.g. through the app's own registration) and test doubles.</summary>
    public static async Task<WorkflowAppHost> StartAsync(InMemoryWorkflowEngine engine, Action<HostApplicationBuilder> configure,
        IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["DAPR_GRPC_ENDPOINT"] = engine.Endpoint,
        });
        configure(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new WorkflowAppHost(host);
    }

    /// <summary>Waits until <paramref name="instanceId"/> ends (30 s at most) and returns its final state.</summary>
    public async Task<WorkflowState> CompletionAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await Client.WaitForWorkflowCompletionAsync(instanceId, true, cts.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(cts.Token);
        _host.Dispose();
    }
}
