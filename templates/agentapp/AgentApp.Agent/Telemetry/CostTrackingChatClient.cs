using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Telemetry;

/// <summary>
/// Estimates what each request to the agent cost, from the token usage the model reported (summed over the tool loop) and
/// the <see cref="ModelPricingOptions"/> table, and records it as <c>agentapp.cost</c> per model and tenant. The tenant is
/// the pipeline's <see cref="IAgentCaller"/> (the forwarded identity in the api, the task's tenant in the worker), so
/// nothing about billing travels in the options a provider receives. A named agent's turn (<see cref="Agents.AgentTurn"/>)
/// is also attributed to the agent (<c>gen_ai.agent.name</c>).
/// </summary>
public sealed class CostTrackingChatClient(IChatClient innerClient, AgentMetrics metrics, IOptions<ModelPricingOptions> pricing,
    IAgentCaller caller) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var tenant = Tenant();
        var agent = Agents.AgentTurn.Current;
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        Record(response.ModelId ?? options?.ModelId, response.Usage, tenant, agent);
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        // The inner call is made eagerly, so whatever the pipeline refuses up front (e.g. a guardrail) is thrown here.
        Observe(base.GetStreamingResponseAsync(messages, options, cancellationToken), Tenant(), Agents.AgentTurn.Current, options, cancellationToken);

    private async IAsyncEnumerable<ChatResponseUpdate> Observe(IAsyncEnumerable<ChatResponseUpdate> updates, string tenant, string? agent,
        ChatOptions? forwarded, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var usage = new UsageDetails();
        string? model = null;
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            model ??= update.ModelId;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent used)
                {
                    usage.Add(used.Details);
                }
            }

            yield return update;
        }

        // Only a finished stream has its full usage; a cancelled one is still billed by the provider, but we do not know for how much.
        Record(model ?? forwarded?.ModelId, usage, tenant, agent);
    }

    // Read before the call: the caller is ambient (request or task scope) and a stream may outlive it.
    private string Tenant() => caller.Tenant is { Length: > 0 } tenant ? tenant : AgentMetrics.UnknownTenant;

    private void Record(string? reportedModel, UsageDetails? usage, string tenant, string? agent)
    {
        var model = reportedModel ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        if (pricing.Value.For(model) is not { } price)
        {
            metrics.Unpriced(model, tenant);
            return;
        }

        var cost = price.Cost(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);
        metrics.Cost((double)cost, model, tenant, agent);
    }
}

/// <summary>Adds <see cref="CostTrackingChatClient"/> to a pipeline.</summary>
public static class CostTrackingChatClientBuilderExtensions
{
    /// <summary>Records <c>agentapp.cost</c> per model and tenant; put it outermost so it sees the whole tool loop's usage.</summary>
    public static ChatClientBuilder UseCostTracking(this ChatClientBuilder builder) =>
        builder.Use((inner, services) => new CostTrackingChatClient(inner,
            services.GetRequiredService<AgentMetrics>(), services.GetRequiredService<IOptions<ModelPricingOptions>>(),
            services.GetRequiredService<IAgentCaller>()));
}
