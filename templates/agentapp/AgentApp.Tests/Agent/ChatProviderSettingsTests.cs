using AgentApp.Agent.Offline;
using AgentApp.Agent.Providers;
using AgentApp.Api.Chat;
using Microsoft.Extensions.AI;

namespace AgentApp.Tests.Agent;

/// <summary>One connection string chooses the provider; a bad one fails at boot, naming the fault; keys never print.</summary>
public sealed class ChatProviderSettingsTests
{
    [Fact]
    public void No_connection_string_means_the_offline_model()
    {
        var settings = ChatProviderSettings.Parse(null);

        Assert.Equal(ChatProviderSettings.Offline, settings.Provider);
        Assert.IsType<OfflineChatClient>(ChatProviderClients.Create(settings));
    }

    [Fact]
    public void OpenAI_gets_its_model_and_endpoint_without_touching_the_network()
    {
        var settings = ChatProviderSettings.Parse("Provider=OpenAI;Endpoint=http://127.0.0.1:9/v1;Key=sk-secret;Model=gpt-test");

        using var client = ChatProviderClients.Create(settings);

        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("openai", settings.Provider);
        Assert.Equal("gpt-test", metadata.DefaultModelId);
        Assert.Equal("http://127.0.0.1:9/v1", metadata.ProviderUri?.ToString().TrimEnd('/'));
    }

    [Fact]
    public void Azure_OpenAI_goes_through_its_v1_endpoint()
    {
        Assert.Equal("https://name.openai.azure.com/openai/v1/",
            ChatProviderClients.AzureV1Endpoint(new Uri("https://name.openai.azure.com")).ToString());
        Assert.Equal("https://name.openai.azure.com/openai/v1/",
            ChatProviderClients.AzureV1Endpoint(new Uri("https://name.openai.azure.com/openai/v1/")).ToString());
        using var client = ChatProviderClients.Create(
            ChatProviderSettings.Parse("Provider=azureopenai;Endpoint=https://name.openai.azure.com;Key=k;Model=my-deployment"));
        Assert.Equal("my-deployment", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void Ollama_needs_no_key()
    {
        using var client = ChatProviderClients.Create(ChatProviderSettings.Parse("Provider=ollama;Endpoint=http://127.0.0.1:11434;Model=llama3.2"));

        Assert.Equal("llama3.2", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void The_provider_can_come_from_the_AppHost_instead_of_the_connection_string()
    {
        Assert.Equal("ollama", ChatProviderSettings.Parse("Endpoint=http://127.0.0.1:11434;Model=m", defaultProvider: "ollama").Provider);
        Assert.Equal("openai", ChatProviderSettings.Parse("Provider=openai;Key=k", defaultProvider: "ollama").Provider);
    }

    [Theory]
    [InlineData("Provider=gemini;Key=k", "Provider='gemini'")]
    [InlineData("Key=k;Model=m", "Provider=''")]
    [InlineData("Provider=openai;Model=m", "needs Key")]
    [InlineData("Provider=azureopenai;Key=k;Model=m", "needs Endpoint")]
    [InlineData("Provider=azureopenai;Endpoint=https://x.openai.azure.com;Key=k", "needs Model")]
    [InlineData("Provider=ollama;Endpoint=not a url", "not an absolute URL")]
    public void A_bad_connection_string_fails_naming_the_fault(string connectionString, string fault)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChatProviderSettings.Parse(connectionString));

        Assert.Contains("ConnectionStrings:chat", error.Message);
        Assert.Contains(fault, error.Message);
    }

    [Fact]
    public void The_key_never_prints()
    {
        var settings = ChatProviderSettings.Parse("Provider=openai;Key=sk-very-secret;Model=m");

        Assert.DoesNotContain("sk-very-secret", settings.ToString());
        Assert.Contains("Key = ***", settings.ToString());
    }
}
