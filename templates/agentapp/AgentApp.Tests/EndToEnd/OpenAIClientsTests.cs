using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace AgentApp.Tests.EndToEnd;

/// <summary>
/// The official OpenAI .NET SDK and Microsoft.Extensions.AI's OpenAI client against the running container-less app,
/// through the gateway, as a user's code would call it: completions, streams, a function the client defines and runs,
/// and errors that surface as exceptions carrying our message.
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class OpenAIClientsTests(ContainerlessAppFixture fixture)
{
    private const string OrderTool = "lookup_order";

    private static readonly BinaryData s_orderParameters = BinaryData.FromString(
        """{"type":"object","properties":{"order_id":{"type":"string","description":"The order number."}},"required":["order_id"]}""");

    [Fact]
    public async Task OpenAIChatClient_completes_and_streams()
    {
        using var client = await MeaiClientAsync();

        var response = await client.GetResponseAsync("what is 6 * 7?");
        var parts = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync("hello"))
        {
            parts.Add(update.Text);
        }

        Assert.Contains("42", response.Text);
        Assert.Equal("offline", response.ModelId);
        Assert.True(response.Usage?.TotalTokenCount > 0);
        Assert.True(parts.Count(p => p.Length > 0) >= 2, $"{parts.Count} parts");
        Assert.Contains("offline model", string.Concat(parts));
    }

    [Fact]
    public async Task The_SDK_calls_a_client_function_the_model_is_forced_to_use_and_the_model_answers_from_its_result()
    {
        var sdk = await SdkAsync();
        var tool = ChatTool.CreateFunctionTool(OrderTool, "Looks up an order.", s_orderParameters);
        List<SdkChatMessage> messages = [new UserChatMessage("where is order 1234?")];

        ChatCompletion call = await sdk.CompleteChatAsync(messages,
            new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateFunctionChoice(OrderTool) });
        var toolCall = Assert.Single(call.ToolCalls);
        messages.Add(new AssistantChatMessage(call));
        messages.Add(new ToolChatMessage(toolCall.Id, "Order 1234 shipped on Monday."));
        ChatCompletion answer = await sdk.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });

        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, call.FinishReason);
        Assert.Equal(OrderTool, toolCall.FunctionName);
        Assert.Equal("where is order 1234?", JsonDocument.Parse(toolCall.FunctionArguments).RootElement.GetProperty("order_id").GetString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, answer.FinishReason);
        Assert.Contains("Order 1234 shipped on Monday.", answer.Content[0].Text);
    }

    [Fact]
    public async Task The_SDK_streams_a_forced_client_function_call()
    {
        var sdk = await SdkAsync();
        var tool = ChatTool.CreateFunctionTool(OrderTool, "Looks up an order.", s_orderParameters);
        var calls = new List<StreamingChatToolCallUpdate>();
        OpenAI.Chat.ChatFinishReason? finish = null;

        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("where is order 77?")],
                           new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice() }))
        {
            calls.AddRange(update.ToolCallUpdates);
            finish ??= update.FinishReason;
        }

        var call = Assert.Single(calls);
        Assert.Equal(OrderTool, call.FunctionName);
        Assert.StartsWith("call_", call.ToolCallId, StringComparison.Ordinal);
        Assert.Contains("77", call.FunctionArgumentsUpdate.ToString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task OpenAIChatClient_runs_a_client_function_through_function_invocation_and_gets_an_answer_from_it()
    {
        using var inner = await MeaiClientAsync();
        using var client = inner.AsBuilder().UseFunctionInvocation().Build();
        var asked = new List<string>();
        var lookup = AIFunctionFactory.Create((string order_id) =>
        {
            asked.Add(order_id);
            return "Order 5 is on its way.";
        }, OrderTool, "Looks up an order.");

        var response = await client.GetResponseAsync("where is order 5?",
            new ChatOptions { Tools = [lookup], ToolMode = ChatToolMode.RequireSpecific(OrderTool) });

        Assert.Equal(["where is order 5?"], asked);
        Assert.Contains("Order 5 is on its way.", response.Text);
    }

    [Fact]
    public async Task A_bad_request_is_an_SDK_exception_with_our_message_in_both_clients()
    {
        var sdk = await SdkAsync();
        using var meai = await MeaiClientAsync();

        var sdkError = await Assert.ThrowsAsync<ClientResultException>(() => sdk.CompleteChatAsync([new AssistantChatMessage("no question here")]));
        var meaiError = await Assert.ThrowsAsync<ClientResultException>(() => meai.GetResponseAsync([new AIChatMessage(ChatRole.Assistant, "no question here")]));

        foreach (var error in new[] { sdkError, meaiError })
        {
            Assert.Equal(400, error.Status);
            Assert.Contains("Send at least one user message with text.", error.Message);
        }
    }

    [Fact]
    public async Task A_wrong_key_is_an_SDK_exception_that_says_so_and_differs_from_a_missing_key()
    {
        var sdk = await SdkAsync(apiKey: "not-a-real-key");
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        var wrong = await Assert.ThrowsAsync<ClientResultException>(() => sdk.CompleteChatAsync([new UserChatMessage("hi")]));
        var meai = await MeaiClientAsync("not-a-real-key");
        var meaiWrong = await Assert.ThrowsAsync<ClientResultException>(() => meai.GetResponseAsync("hi"));
        using var missing = await gateway.PostAsync("/v1/chat/completions",
            new StringContent("""{"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"));
        var missingError = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(401, wrong.Status);
        Assert.Contains("The API key is not valid", wrong.Message);
        Assert.Equal(401, meaiWrong.Status);
        Assert.Contains("The API key is not valid", meaiWrong.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("No credentials were sent", missingError.GetProperty("message").GetString());
        Assert.Equal("authentication_error", missingError.GetProperty("type").GetString());
        Assert.Equal("missing_api_key", missingError.GetProperty("code").GetString());
        var schemes = missing.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("ApiKey", schemes);
        Assert.Contains("Bearer", schemes);
    }

    [Fact]
    public async Task The_SDK_lists_the_configured_model()
    {
        var sdk = new OpenAIClient(new ApiKeyCredential(await fixture.DevApiKeyAsync()), Options()).GetOpenAIModelClient();

        var models = (await sdk.GetModelsAsync()).Value;

        Assert.Equal("offline", Assert.Single(models).Id);
    }

    private async Task<ChatClient> SdkAsync(string? apiKey = null) =>
        new("any-model", new ApiKeyCredential(apiKey ?? await fixture.DevApiKeyAsync()), Options());

    private async Task<IChatClient> MeaiClientAsync(string? apiKey = null) => (await SdkAsync(apiKey)).AsIChatClient();

    private OpenAIClientOptions Options()
    {
        var gateway = fixture.App.CreateHttpClient("gateway", "http");
        return new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(gateway),
            // The SDK's own retries would hide how the first answer looked.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
    }
}
