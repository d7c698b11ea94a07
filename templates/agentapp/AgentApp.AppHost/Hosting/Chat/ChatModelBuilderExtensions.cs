using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>The chat providers the services understand, as chosen by the template's <c>--llm</c> option.</summary>
public static class ChatProviders
{
    /// <summary>OpenAI or an OpenAI-compatible endpoint.</summary>
    public const string OpenAI = "openai";

    /// <summary>Azure OpenAI.</summary>
    public const string AzureOpenAI = "azureopenai";

    /// <summary>Ollama.</summary>
    public const string Ollama = "ollama";

    /// <summary>An example connection string for <paramref name="provider"/> (OpenAI when none is chosen).</summary>
    public static string Example(string? provider) => provider switch
    {
        AzureOpenAI => "Provider=azureopenai;Endpoint=https://<resource>.openai.azure.com;Key=<key>;Model=<deployment>",
        Ollama => "Provider=ollama;Endpoint=http://localhost:11434;Model=llama3.2",
        _ => "Provider=openai;Key=<key>;Model=gpt-4o-mini",
    };
}

/// <summary>The chat model: the optional <c>chat</c> connection string and the provider a string without one is for.</summary>
/// <param name="Connection">The connection string resource, or null when none is set (the services use the offline model).</param>
/// <param name="Provider">One of <see cref="ChatProviders"/> (the <c>--llm</c> choice), or null for an offline app.</param>
public sealed record ChatModel(IResourceBuilder<IResourceWithConnectionString>? Connection, string? Provider);

/// <summary>Hands the chat model to the services that talk to it.</summary>
public static class ChatModelBuilderExtensions
{
    /// <summary>The connection string's name: <c>ConnectionStrings:chat</c>.</summary>
    public const string ConnectionName = "chat";

    /// <summary>The setting a service reads when its connection string names no provider.</summary>
    public const string ProviderEnvironmentVariable = "Chat__Provider";

    /// <summary>
    /// The optional <c>chat</c> connection string. When <c>ConnectionStrings:chat</c> is set (user secrets locally) the
    /// services get it; when it is not, they run the built-in offline model and the AppHost logs, once, what to set and
    /// in which format. A published app always declares it when a provider was chosen, so a deployment supplies it.
    /// </summary>
    public static ChatModel AddChatModel(this IDistributedApplicationBuilder builder, string? defaultProvider = null)
    {
        var configured = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName));
        if (configured || (builder.ExecutionContext.IsPublishMode && defaultProvider is not null))
        {
            return new ChatModel(builder.AddConnectionString(ConnectionName), defaultProvider);
        }

        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChatModel").LogWarning(
                    "No chat model is configured (ConnectionStrings:{Name} is not set): the services use the built-in offline model. " +
                    "To use a real one, run: dotnet user-secrets set ConnectionStrings:{Name} \"{Example}\" --project \"{AppHost}\" and restart. " +
                    "Format: Provider=openai|azureopenai|ollama;Endpoint=<url>;Key=<key>;Model=<model> (Endpoint optional for openai and ollama, Key for ollama).",
                    ConnectionName, ConnectionName, ChatProviders.Example(defaultProvider), builder.AppHostDirectory);
                return Task.CompletedTask;
            });
        }

        return new ChatModel(null, defaultProvider);
    }

    /// <summary>Injects <c>ConnectionStrings__chat</c> (when set) and the default provider (when chosen).</summary>
    public static IResourceBuilder<T> WithChatModel<T>(this IResourceBuilder<T> service, ChatModel model)
        where T : IResourceWithEnvironment
    {
        if (model.Connection is not null)
        {
            service.WithReference(model.Connection);
        }

        return model.Provider is null ? service : service.WithEnvironment(ProviderEnvironmentVariable, model.Provider);
    }
}
