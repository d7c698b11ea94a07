using AgentApp.Agent.Offline;
using AgentApp.Agent;
using AgentApp.Testing;
using AgentApp.Worker;
using AgentApp.Workflows.InMemory;
using Dapr.Workflow;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Support;

/// <summary>
/// The worker in memory on a real broker protocol (the mock over TCP), the fake sidecar and a workflow engine (none: a
/// closed port, as with no sidecar), its model offline except for poison goals.
/// </summary>
public sealed class WorkerFactory(string bootstrapServers, string sidecarEndpoint, string? workflowEngine = null) : WebApplicationFactory<WorkerEntryPoint>
{
    /// <summary>The worker's log lines, for tests that wait on what it did.</summary>
    public LogLines Logs { get; } = new();

    /// <summary>More settings, applied after the defaults below (e.g. <c>Tasks:MaxHandBacks</c>).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Service overrides applied after the defaults above (e.g. another model, a telemetry exporter).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Goals containing this make the model throw, every time.</summary>
    public const string Poison = "poison";

    /// <summary>The model's slow lane: goals containing <see cref="SlowChatClient.Marker"/> block until cancelled.</summary>
    public SlowChatClient Slow { get; } = new(new OfflineChatClient());

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:kafka", bootstrapServers);
        builder.UseSetting("Kafka:FetchWaitMaxMs", "5");
        builder.UseSetting("Kafka:SessionTimeoutMs", "6000");
        builder.UseSetting("Tasks:MaxAttempts", "3");
        builder.UseSetting("Tasks:RetryBackoff", "00:00:00.020");
        builder.UseSetting("Tasks:HandBackDelay", "00:00:00.200");
        builder.UseSetting("Tasks:ActorCallTimeout", "00:01:00");
        builder.UseSetting("DAPR_HTTP_ENDPOINT", sidecarEndpoint);
        builder.UseSetting("DAPR_GRPC_ENDPOINT", workflowEngine ?? Loopback.ClosedPortUrl());

        builder.UseSetting("Tasks:CancellationPollInterval", "00:00:00.050");
        // A refused task must fail at once: the guardrails block injection attempts here.
        builder.UseSetting("Guardrails:PromptInjection", "Block");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddKeyedSingleton<IChatClient>(AgentPipelineServiceCollectionExtensions.ProviderKey, new PoisonChatClient(Slow));
            services.AddSingleton<ILoggerProvider>(Logs);
            ConfigureServices?.Invoke(services);
        });
    }

    private sealed class PoisonChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) =>
            messages.Any(m => m.Role == ChatRole.User && m.Text.Contains(Poison, StringComparison.Ordinal))
                ? throw new InvalidOperationException($"The model choked on {Poison}.")
                : base.GetResponseAsync(messages, options, cancellationToken);
    }
}

/// <summary>
/// The whole task path (<see cref="TaskPathFixture"/>) with the Redis of the tenants' token budgets, which the worker
/// debits. <see cref="Configure(WorkerFactory)"/> lets a fixture of its own change the worker's settings.
/// </summary>
public class TaskWorkerFixture() : TaskPathFixture(taskPartitions: 6)
{
    /// <summary>The Redis of the tenants' token budgets, which the worker debits.</summary>
    public GarnetServerHost Budgets { get; } = new();

    /// <summary>
    /// Workflow <paramref name="instanceId"/> as its host's engine reports it, once it exists (and, with
    /// <paramref name="completed"/>, once it has ended).
    /// </summary>
    public async Task<WorkflowState> WorkflowStateAsync(string instanceId, CancellationToken cancellationToken, bool completed = false)
    {
        var workflows = Worker.Services.GetRequiredService<DaprWorkflowClient>();
        return completed
            ? await workflows.WaitForWorkflowCompletionAsync(instanceId, true, cancellationToken)
            : await workflows.WaitForWorkflowStartAsync(instanceId, true, cancellationToken);
    }

    /// <inheritdoc />
    protected sealed override void Configure()
    {
        Worker.Settings["ConnectionStrings:cache"] = Budgets.ConnectionString;
        Configure(Worker);
    }

    /// <summary>Changes the worker's settings before it starts.</summary>
    protected virtual void Configure(WorkerFactory worker)
    {
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Budgets.Dispose();
    }
}
