using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        services.AddSettings<GuardrailOptions>(GuardrailOptions.Section);
        services.AddMetrics();
        services.TryAddSingleton<IAgentCaller, AmbientAgentCaller>();
        services.TryAddSingleton<GuardrailDecisions>();
        return services;
    }

    /// <summary>
    /// Adds the guardrails to a pipeline, outermost first: <see cref="InputLimitsChatClient"/>,
    /// <see cref="PromptInjectionChatClient"/>, <see cref="ToolAllowlistChatClient"/>, <see cref="SecretRedactionChatClient"/>;
    /// with <paramref name="options"/> or else the configured <see cref="GuardrailOptions"/>. Place it outside function
    /// invocation, so each rule runs once per turn. Needs <see cref="AddGuardrails"/>.
    /// </summary>
    public static ChatClientBuilder UseGuardrails(this ChatClientBuilder builder, GuardrailOptions? options = null) => builder
        .UseInputLimits(options)
        .UsePromptInjectionCheck(options)
        .UseToolAllowlist(options)
        .UseSecretRedaction(options);

    /// <summary>Adds <see cref="InputLimitsChatClient"/>. Needs <see cref="AddGuardrails"/>.</summary>
    public static ChatClientBuilder UseInputLimits(this ChatClientBuilder builder, GuardrailOptions? options = null) =>
        builder.Use((inner, services) => new InputLimitsChatClient(inner, Options(services, options), services.GetRequiredService<GuardrailDecisions>()));

    /// <summary>Adds <see cref="PromptInjectionChatClient"/>. Needs <see cref="AddGuardrails"/>.</summary>
    public static ChatClientBuilder UsePromptInjectionCheck(this ChatClientBuilder builder, GuardrailOptions? options = null) =>
        builder.Use((inner, services) => new PromptInjectionChatClient(inner, Options(services, options), services.GetRequiredService<GuardrailDecisions>()));

    /// <summary>Adds <see cref="ToolAllowlistChatClient"/>. Needs <see cref="AddGuardrails"/>.</summary>
    public static ChatClientBuilder UseToolAllowlist(this ChatClientBuilder builder, GuardrailOptions? options = null) =>
        builder.Use((inner, services) => new ToolAllowlistChatClient(inner, Options(services, options), services.GetRequiredService<GuardrailDecisions>()));

    /// <summary>Adds <see cref="SecretRedactionChatClient"/>. Needs <see cref="AddGuardrails"/>.</summary>
    public static ChatClientBuilder UseSecretRedaction(this ChatClientBuilder builder, GuardrailOptions? options = null) =>
        builder.Use((inner, services) => new SecretRedactionChatClient(inner, Options(services, options), services.GetRequiredService<GuardrailDecisions>()));

    private static GuardrailOptions Options(IServiceProvider services, GuardrailOptions? options) =>
        options ?? services.GetRequiredService<IOptions<GuardrailOptions>>().Value;
}
