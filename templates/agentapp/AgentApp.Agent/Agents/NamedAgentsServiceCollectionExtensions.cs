using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Agents;

/// <summary>Registers the named agents.</summary>
public static class NamedAgentsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="NamedAgentsOptions"/> (defaults filled in, checked at start-up) and adds <see cref="NamedAgents"/>.</summary>
    public static IServiceCollection AddNamedAgents(this IServiceCollection services)
    {
        services.AddSettings<NamedAgentsOptions>(NamedAgentsOptions.Section);
        services.AddSingleton<IPostConfigureOptions<NamedAgentsOptions>, NamedAgentsDefaults>();
        services.AddSingleton<IValidateOptions<NamedAgentsOptions>, NamedAgentsValidation>();
        services.AddSingleton<NamedAgents>();
        return services;
    }
}
