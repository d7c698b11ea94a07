using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Guardrails;

/// <summary>Registers and adds the guardrails.</summary>
public static class GuardrailsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GuardrailOptions"/> (section <c>Guardrails</c>, validated at start-up) and the decision recorder.
    /// The caller defaults to <see cref="AmbientAgentCaller"/>; a host that knows its caller otherwise registers its own
    /// <see cref="IAgentCaller"/> first.
    /// </summary>
    public static IServiceCollection AddGuardrails(this IServiceCollection services)
    {
        services.AddOptions<GuardrailOptions>()
            .BindConfiguration(GuardrailOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<IAgentCaller, AmbientAgentCaller>();
        services.TryAddSingleton<GuardrailDecisions>();
        return services;
    }

    /// <summary>
    /// Adds <see cref="GuardrailsChatClient"/> to a pipeline, with <paramref name="options"/> or else the configured
    /// <see cref="GuardrailOptions"/>. Needs <see cref="AddGuardrails"/>.
    /// </summary>
    public static ChatClientBuilder UseGuardrails(this ChatClientBuilder builder, GuardrailOptions? options = null) =>
        builder.Use((inner, services) => new GuardrailsChatClient(inner,
            options ?? services.GetRequiredService<IOptions<GuardrailOptions>>().Value,
            services.GetRequiredService<GuardrailDecisions>()));
}
