using System.Net;
using System.Net.Http.Json;
using AgentApp.Api.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Chat;

/// <summary>
/// <c>parallel_tool_calls</c> on <c>/v1/chat/completions</c> reaches the model as
/// <see cref="ChatOptions.AllowMultipleToolCalls"/>, with the client's tools: false stays false, true stays true, and
/// left out it is left to the model (null).
/// </summary>
public sealed class ParallelToolCallsTests
{
    [Theory]
    [InlineData("false", false)]
    [InlineData("true", true)]
    [InlineData(null, null)]
    public async Task Parallel_tool_calls_reaches_the_model_as_allow_multiple_tool_calls(string? sent, bool? expected)
    {
        var model = new CapturingChatClient();
        await using var api = new ApiFactory
        {
            ConfigureServices = services => services.AddKeyedSingleton<IChatClient>(AgentServiceCollectionExtensions.ProviderKey, model),
        };
        using var client = api.CreateClient();
        var parallel = sent is null ? "" : $""","parallel_tool_calls":{sent}""";
        const string Tools = """
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]
            """;
        var body = $$"""{"messages":[{"role":"user","content":"what's the weather in Oslo and Bergen?"}],{{Tools}}{{parallel}}}""";

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var options = Assert.Single(model.Calls);
        Assert.Equal(expected, options?.AllowMultipleToolCalls);
        Assert.Contains(options!.Tools!, t => t.Name == "get_weather");
    }

    private sealed class CapturingChatClient : IChatClient
    {
        public List<ChatOptions?> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (Calls)
            {
                Calls.Add(options?.Clone());
            }

            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Both are mild today.")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException("this test does not stream");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
