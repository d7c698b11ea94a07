using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Agent.Telemetry;

/// <summary>
/// Estimates what each request to the agent cost, from the token usage the model reported (summed over the tool loop) and
/// the <see cref="ModelPricingOptions"/> table, and records it as <c>agentapp.cost</c> per model and tenant. The tenant
/// travels in <see cref="ChatOptions.AdditionalProperties"/> under <see cref="TenantKey"/> (see <see cref="ForTenant"/>)
/// and is taken out here, so no provider ever receives it.
/// </summary>
public sealed class CostTrackingChatClient(IChatClient innerClient, AgentMetrics metrics, IOptions<ModelPricingOptions> pricing)
    : DelegatingChatClient(innerClient)
{
    /// <summary>The options key that names the tenant to bill.</summary>
    public const string TenantKey = "agentapp.tenant";

    /// <summary>Options that bill <paramref name="tenant"/> (on top of <paramref name="options"/>, which is not changed).</summary>
    public static ChatOptions ForTenant(string tenant, ChatOptions? options = null)
    {
        var result = options?.Clone() ?? new ChatOptions();
        result.AdditionalProperties ??= [];
        result.AdditionalProperties[TenantKey] = tenant;
        return result;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var (tenant, forwarded) = TakeTenant(options);
        var response = await base.GetResponseAsync(messages, forwarded, cancellationToken);
        Record(response.ModelId ?? forwarded?.ModelId, response.Usage, tenant);
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Called eagerly, so whatever the inner pipeline refuses up front (e.g. a guardrail) is thrown here, not at the first update.
        var (tenant, forwarded) = TakeTenant(options);
        return Observe(base.GetStreamingResponseAsync(messages, forwarded, cancellationToken), tenant, forwarded, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> Observe(IAsyncEnumerable<ChatResponseUpdate> updates, string tenant,
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
        Record(model ?? forwarded?.ModelId, usage, tenant);
    }

    private (string Tenant, ChatOptions? Forwarded) TakeTenant(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(TenantKey, out var value) != true)
        {
            return (AgentMetrics.UnknownTenant, options);
        }

        var forwarded = options.Clone();
        forwarded.AdditionalProperties!.Remove(TenantKey);
        if (forwarded.AdditionalProperties.Count == 0)
        {
            forwarded.AdditionalProperties = null;
        }

        return (value as string is { Length: > 0 } tenant ? tenant : AgentMetrics.UnknownTenant, forwarded);
    }

    private void Record(string? reportedModel, UsageDetails? usage, string tenant)
    {
        var model = reportedModel ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        if (pricing.Value.For(model) is not { } price)
        {
            metrics.Unpriced(model, tenant);
            return;
        }

        var cost = price.Cost(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);
        metrics.Cost((double)cost, model, tenant);
    }
}

/// <summary>Adds <see cref="CostTrackingChatClient"/> to a pipeline.</summary>
public static class CostTrackingChatClientBuilderExtensions
{
    /// <summary>Records <c>agentapp.cost</c> per model and tenant; put it outermost so it sees the whole tool loop's usage.</summary>
    public static ChatClientBuilder UseCostTracking(this ChatClientBuilder builder) =>
        builder.Use((inner, services) => new CostTrackingChatClient(inner,
            services.GetRequiredService<AgentMetrics>(), services.GetRequiredService<IOptions<ModelPricingOptions>>()));
}
