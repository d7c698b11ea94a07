using AgentApp.Agent.Offline;
using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;

namespace AgentApp.Tests.Agent;

/// <summary>The offline model on its own: what it streams, when it asks for tools, what it reports.</summary>
public sealed class OfflineChatClientTests
{
    private static readonly ChatOptions s_allTools = new()
    {
        Tools =
        [
            AIFunctionFactory.Create(() => "now", ToolNames.CurrentTime),
            AIFunctionFactory.Create((string expression) => expression, ToolNames.Calculate),
            AIFunctionFactory.Create((string query) => query, ToolNames.SearchKnowledge),
            AIFunctionFactory.Create((string to, string subject, string body) => to, ToolNames.SendEmail),
        ],
    };

    private readonly OfflineChatClient _model = new();

    [Fact]
    public async Task Streams_a_plain_reply_in_several_updates_then_reports_usage()
    {
        var updates = await StreamAsync([new ChatMessage(ChatRole.User, "hello there")], s_allTools);

        var texts = updates.SelectMany(u => u.Contents).OfType<TextContent>().ToList();
        Assert.True(texts.Count >= 3, $"only {texts.Count} text updates");
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.True(usage.InputTokenCount > 0);
        Assert.True(usage.OutputTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents)); // usage comes last
    }

    [Fact]
    public async Task Says_it_is_the_offline_model_and_how_to_configure_a_real_one()
    {
        var response = await _model.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], s_allTools);

        Assert.Contains("offline model", response.Text);
        Assert.Contains("ConnectionStrings:chat", response.Text);
        Assert.Contains("hello", response.Text);
        Assert.Equal(OfflineChatClient.ModelId, response.ModelId);
    }

    [Theory]
    [InlineData("what time is it?", ToolNames.CurrentTime, null, null)]
    [InlineData("What's the date today?", ToolNames.CurrentTime, null, null)]
    [InlineData("what is 12 * (3 + 4)?", ToolNames.Calculate, "expression", "12 * (3 + 4)")]
    [InlineData("calculate 2^10 please", ToolNames.Calculate, "expression", "2^10")]
    [InlineData("search the knowledge base for actors", ToolNames.SearchKnowledge, "query", "search the knowledge base for actors")]
    [InlineData("Send an email to ana@example.com saying the report for 2 + 2 is ready", ToolNames.SendEmail, "to", "ana@example.com")]
    [InlineData("please write a mail to bo.li@contoso.org: lunch at 12?", ToolNames.SendEmail, "body", "lunch at 12?")]
    public async Task Asks_for_the_tool_a_request_clearly_needs(string message, string tool, string? argument, string? value)
    {
        var updates = await StreamAsync([new ChatMessage(ChatRole.User, message)], s_allTools);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(tool, call.Name);
        if (argument is not null)
        {
            Assert.Equal(value, call.Arguments![argument]);
        }

        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<TextContent>());
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task Does_not_ask_for_a_tool_it_was_not_offered()
    {
        var response = await _model.GetResponseAsync([new ChatMessage(ChatRole.User, "what time is it?")]);

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Contains("not available", response.Text);
    }

    [Fact]
    public async Task Answers_from_a_tool_result_without_asking_again()
    {
        ChatMessage[] history =
        [
            new(ChatRole.User, "what time is it?"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", ToolNames.CurrentTime)]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "2030-01-02T03:04:05+00:00")]),
        ];

        var response = await _model.GetResponseAsync(history, s_allTools);

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Contains("2030-01-02T03:04:05+00:00", response.Text);
        Assert.Contains("offline model", response.Text);
    }

    [Fact]
    public async Task Is_deterministic()
    {
        ChatMessage[] history = [new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hello"), new(ChatRole.User, "and again")];

        var first = await _model.GetResponseAsync(history, s_allTools);
        var second = await _model.GetResponseAsync(history, s_allTools);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Usage!.TotalTokenCount, second.Usage!.TotalTokenCount);
        Assert.Contains("1 earlier message", first.Text);
    }

    [Fact]
    public async Task Stops_at_max_output_tokens()
    {
        var response = await _model.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], new ChatOptions { MaxOutputTokens = 5 });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.True(response.Text.Length <= 20, response.Text);
    }

    [Fact]
    public async Task Stops_streaming_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _model.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello")], s_allTools, cts.Token))
            {
                received++;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(1, received);
    }

    private async Task<List<ChatResponseUpdate>> StreamAsync(ChatMessage[] messages, ChatOptions options)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _model.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        return updates;
    }
}
