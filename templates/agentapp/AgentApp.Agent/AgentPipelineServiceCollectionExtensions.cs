using AgentApp.Agent.Agents;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Providers;
using AgentApp.Agent.Telemetry;
using AgentApp.Agent.Tools;
using AgentApp.Agent.Tools.Mcp;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent;

/// <summary>
/// Registers the agent: one <see cref="IChatClient"/> pipeline over the configured provider. Free of HTTP and memory
/// types, so the api's chat turns and the worker's tasks run on the very same pipeline and tools.
/// </summary>
public static class AgentPipelineServiceCollectionExtensions
{
    /// <summary>
    /// The service key of the provider's own <see cref="IChatClient"/>, the bottom of the pipeline. Tests replace this one
    /// registration to put a scripted model under the real pipeline.
    /// </summary>
    public const string ProviderKey = "chat-provider";

    /// <summary>
    /// Adds the agent's options, tools and pipeline. The builder lists middleware outermost first: cost tracking (the
    /// whole request's usage, billed to the tenant in the options), the agent defaults
    /// (system prompt, tools, output limit), the remote MCP servers' tools available now, around the guardrails (input limits, prompt-injection heuristics, the
    /// tenant's tool allowlist, secrets kept out of replies), around function invocation, which wraps OpenTelemetry (one
    /// GenAI span per model call; message content only with <c>Agent:CaptureMessageContent=true</c>),
    /// which wraps logging, which wraps the provider.
    /// Whatever telemetry captures passes PII redaction (ServiceDefaults).
    /// </summary>
    public static IHostApplicationBuilder AddAgentPipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<AgentOptions>(AgentOptions.Section);
        builder.Services.AddChatProvider(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => KnowledgeBase.LoadEmbedded());
        builder.Services.TryAddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<AgentTools>();
        builder.Services.AddSettings<ModelPricingOptions>(ModelPricingOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<ModelPricingOptions>, ModelPricingValidation>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<AgentMetrics>();
        builder.Services.AddGuardrails();
        builder.Services.AddMcpClientTools();
        builder.Services.AddNamedAgents();

        builder.Services.AddKeyedSingleton(ProviderKey, (services, _) => ChatProviderClients.Create(services.GetRequiredService<ChatProviderSettings>()));
        builder.Services.AddChatClient(services => services.GetRequiredKeyedService<IChatClient>(ProviderKey))
            .UseCostTracking()
            .UseAgentDefaults()
            .UseMcpTools()
            .UseGuardrails()
            .UseAgentFunctionInvocation()
            .UseAgentOpenTelemetry()
            .UseLogging();

        return builder;
    }
}
