using Aspire.Hosting.ApplicationModel;

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
}

/// <summary>The chat model: the <c>chat</c> connection string (a secret parameter) and the provider it is for.</summary>
/// <param name="Connection">The connection string resource, read from <c>ConnectionStrings:chat</c> (user secrets locally).</param>
/// <param name="Provider">One of <see cref="ChatProviders"/>, used when the connection string names no <c>Provider</c>.</param>
public sealed record ChatModel(IResourceBuilder<IResourceWithConnectionString> Connection, string Provider);

/// <summary>Hands the chat model to the services that talk to it.</summary>
public static class ChatModelBuilderExtensions
{
    /// <summary>The setting a service reads when its connection string names no provider.</summary>
    public const string ProviderEnvironmentVariable = "Chat__Provider";

    /// <summary>Pairs the connection string with its provider.</summary>
    public static ChatModel AsChatModel(this IResourceBuilder<IResourceWithConnectionString> connection, string provider) =>
        new(connection, provider);

    /// <summary>Injects <c>ConnectionStrings__chat</c> and the provider.</summary>
    public static IResourceBuilder<T> WithChatModel<T>(this IResourceBuilder<T> service, ChatModel model)
        where T : IResourceWithEnvironment =>
        service.WithReference(model.Connection).WithEnvironment(ProviderEnvironmentVariable, model.Provider);
}
