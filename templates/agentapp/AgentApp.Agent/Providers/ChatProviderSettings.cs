using System.Data.Common;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Agent.Providers;

/// <summary>
/// The chat provider from <c>ConnectionStrings:chat</c>, e.g. <c>Provider=openai;Endpoint=…;Key=…;Model=gpt-4o-mini</c>.
/// No connection string means the built-in offline model. A connection string without <c>Provider</c> is for the provider
/// in <c>Chat:Provider</c>, which the AppHost sets from the template's <c>--llm</c> choice. The key never appears in
/// <see cref="ToString"/>.
/// </summary>
public sealed record ChatProviderSettings(string Provider, string? Endpoint, string? Model, string? Key = null)
{
    /// <summary>The name of the connection string.</summary>
    public const string ConnectionStringName = "chat";

    /// <summary>The setting naming the provider when the connection string does not.</summary>
    public const string DefaultProviderKey = "Chat:Provider";

    /// <summary>The provider used when no connection string is configured.</summary>
    public const string Offline = "offline";

    /// <summary>OpenAI, or any OpenAI-compatible endpoint.</summary>
    public const string OpenAI = "openai";

    /// <summary>An Azure OpenAI resource, through its OpenAI-compatible v1 API.</summary>
    public const string AzureOpenAI = "azureopenai";

    /// <summary>An Ollama server.</summary>
    public const string Ollama = "ollama";

    /// <summary>Providers this build understands.</summary>
    public static readonly IReadOnlySet<string> KnownProviders =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Offline, OpenAI, AzureOpenAI, Ollama };

    /// <summary>Parses a connection string; throws naming the key at fault so a bad setting fails at boot.</summary>
    public static ChatProviderSettings Parse(string? connectionString, string? defaultProvider = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new(Offline, null, null);
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Part(string key) => parts.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;
        var provider = Part("Provider") ?? (string.IsNullOrWhiteSpace(defaultProvider) ? null : defaultProvider);
        if (provider is null || !KnownProviders.Contains(provider))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} has Provider='{provider}' (and {DefaultProviderKey} names none); use one of {string.Join(", ", KnownProviders)}.");
        }

        var settings = new ChatProviderSettings(provider.ToLowerInvariant(), Part("Endpoint"), Part("Model"), Part("Key"));
        var missing = settings.Provider switch
        {
            OpenAI => settings.Key is null ? "Key" : null,
            AzureOpenAI => settings.Endpoint is null ? "Endpoint" : settings.Key is null ? "Key" : settings.Model is null ? "Model (the deployment name)" : null,
            _ => null,
        };
        if (missing is not null)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} with Provider={settings.Provider} needs {missing}.");
        }

        if (settings.Endpoint is not null && !Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} has Endpoint='{settings.Endpoint}', which is not an absolute URL.");
        }

        return settings;
    }

    // Records print every property; a key must never reach a log line.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Provider = {Provider}, Endpoint = {Endpoint}, Model = {Model}, Key = {(Key is null ? "(none)" : "***")}");
        return true;
    }
}

/// <summary>Registers <see cref="ChatProviderSettings"/>.</summary>
public static class ChatProviderServiceCollectionExtensions
{
    /// <summary>Parses <c>ConnectionStrings:chat</c> once at start-up.</summary>
    public static IServiceCollection AddChatProvider(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(ChatProviderSettings.Parse(
            configuration.GetConnectionString(ChatProviderSettings.ConnectionStringName),
            configuration[ChatProviderSettings.DefaultProviderKey]));
}
