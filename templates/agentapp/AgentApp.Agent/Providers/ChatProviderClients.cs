using System.ClientModel;
using AgentApp.Agent.Offline;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace AgentApp.Agent.Providers;

/// <summary>The provider at the bottom of the agent's pipeline, chosen by <see cref="ChatProviderSettings"/>.</summary>
public static class ChatProviderClients
{
    /// <summary>The model used with OpenAI when the connection string names none.</summary>
    public const string DefaultOpenAIModel = "gpt-4o-mini";

    /// <summary>The model used with Ollama when the connection string names none.</summary>
    public const string DefaultOllamaModel = "llama3.2";

    /// <summary>Creates the provider's <see cref="IChatClient"/>.</summary>
    public static IChatClient Create(ChatProviderSettings settings) => settings.Provider switch
    {
        ChatProviderSettings.OpenAI => OpenAIClient(settings.Model ?? DefaultOpenAIModel, settings.Key!,
            settings.Endpoint is null ? null : new Uri(settings.Endpoint)),
        // Azure OpenAI's v1 API speaks the OpenAI protocol; the model is the deployment name.
        ChatProviderSettings.AzureOpenAI => OpenAIClient(settings.Model!, settings.Key!, AzureV1Endpoint(new Uri(settings.Endpoint!))),
        ChatProviderSettings.Ollama => new OllamaApiClient(
            new HttpClient { BaseAddress = new Uri(settings.Endpoint ?? "http://localhost:11434"), Timeout = TimeSpan.FromMinutes(5) },
            settings.Model ?? DefaultOllamaModel),
        _ => new OfflineChatClient(),
    };

    /// <summary><c>https://name.openai.azure.com</c> → <c>https://name.openai.azure.com/openai/v1/</c>; a full v1 URL is kept.</summary>
    public static Uri AzureV1Endpoint(Uri endpoint) =>
        endpoint.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase)
            ? endpoint
            : new Uri(endpoint, "/openai/v1/");

    private static IChatClient OpenAIClient(string model, string key, Uri? endpoint) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint })
            .GetChatClient(model)
            .AsIChatClient();
}
