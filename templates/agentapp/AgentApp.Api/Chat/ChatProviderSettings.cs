using System.Data.Common;

namespace AgentApp.Api.Chat;

/// <summary>
/// The chat provider from <c>ConnectionStrings:chat</c>, e.g. <c>Provider=openai;Endpoint=…;Key=…;Model=gpt-4o-mini</c>.
/// No connection string means the built-in offline model.
/// </summary>
public sealed record ChatProviderSettings(string Provider, string? Endpoint, string? Model)
{
    /// <summary>The name of the connection string.</summary>
    public const string ConnectionStringName = "chat";

    /// <summary>The provider used when no connection string is configured.</summary>
    public const string Offline = "offline";

    /// <summary>Providers this build understands.</summary>
    public static readonly IReadOnlySet<string> KnownProviders =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Offline, "openai", "azureopenai", "ollama" };

    /// <summary>Parses a connection string; throws with the key at fault so a bad setting fails at boot.</summary>
    public static ChatProviderSettings Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new(Offline, null, null);
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var provider = parts.TryGetValue("Provider", out var p) ? p?.ToString() : null;
        if (string.IsNullOrWhiteSpace(provider) || !KnownProviders.Contains(provider))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} has Provider='{provider}'; use one of {string.Join(", ", KnownProviders)}.");
        }

        return new(provider.ToLowerInvariant(),
            parts.TryGetValue("Endpoint", out var e) ? e?.ToString() : null,
            parts.TryGetValue("Model", out var m) ? m?.ToString() : null);
    }
}

/// <summary>Registers <see cref="ChatProviderSettings"/>.</summary>
public static class ChatProviderServiceCollectionExtensions
{
    /// <summary>Parses <c>ConnectionStrings:chat</c> once at start-up.</summary>
    public static IServiceCollection AddChatProvider(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(ChatProviderSettings.Parse(configuration.GetConnectionString(ChatProviderSettings.ConnectionStringName)));
}
