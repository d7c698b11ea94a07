using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace AgentApp.Tests.Chat;

/// <summary>The official OpenAI .NET SDK, pointed at the api's <c>/v1</c>, gets a completion and a stream.</summary>
public sealed class OpenAICompatibleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>An SDK client whose requests go to <paramref name="http"/> at <paramref name="baseAddress"/>/v1.</summary>
    public static ChatClient SdkClient(HttpClient http, Uri baseAddress, string apiKey = "not-checked-here") =>
        new("any-model", new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(baseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
        });

    [Fact]
    public async Task Completes_a_chat()
    {
        using var http = factory.CreateClient();
        var sdk = SdkClient(http, factory.Server.BaseAddress);

        ChatCompletion completion = await sdk.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("what is 6 * 7?")]);

        Assert.Contains("42", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("offline", completion.Model);
        Assert.True(completion.Usage.TotalTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Streams_a_chat()
    {
        using var http = factory.CreateClient();
        var sdk = SdkClient(http, factory.Server.BaseAddress);
        var parts = new List<string>();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("what time is it?")]))
        {
            parts.AddRange(update.ContentUpdate.Select(p => p.Text));
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.True(parts.Count(p => p.Length > 0) >= 2, $"{parts.Count} parts");
        Assert.Contains("get_current_time", string.Concat(parts));
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.True(usage?.TotalTokenCount > 0, "no usage chunk");
    }
}
