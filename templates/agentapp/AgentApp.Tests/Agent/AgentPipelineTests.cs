using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;

namespace AgentApp.Tests.Agent;

/// <summary>The whole agent pipeline (defaults, function invocation, telemetry, logging) on the offline model.</summary>
public sealed class AgentPipelineTests
{
    [Fact]
    public async Task Streaming_a_time_question_yields_tool_call_then_tool_result_then_text_then_nothing_else()
    {
        using var pipeline = new AgentPipeline();

        var updates = await pipeline.StreamAsync("what time is it?");

        var kinds = updates.SelectMany(u => u.Contents).Where(c => c is not UsageContent).Select(c => c.GetType().Name).ToList();
        Assert.Equal(nameof(FunctionCallContent), kinds[0]);
        Assert.Equal(nameof(FunctionResultContent), kinds[1]);
        Assert.True(kinds.Count >= 4, string.Join(", ", kinds));
        Assert.All(kinds.Skip(2), kind => Assert.Equal(nameof(TextContent), kind));

        var result = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>());
        Assert.Contains("2030-01-02T03:04:05", result.Result?.ToString());
        Assert.Contains("2030-01-02T03:04:05", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Usage_covers_both_model_calls_of_a_tool_turn()
    {
        using var pipeline = new AgentPipeline();

        var updates = await pipeline.StreamAsync("what is 2 + 3 * 4?");

        var usages = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Select(u => u.Details).ToList();
        Assert.Equal(2, usages.Count); // the call that asked for the tool, and the call that answered
        Assert.All(usages, u => Assert.True(u.InputTokenCount > 0 && u.OutputTokenCount > 0));
        var response = updates.ToChatResponse();
        Assert.Equal(usages.Sum(u => u.TotalTokenCount), response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task A_non_streamed_turn_returns_the_tool_call_its_result_and_the_answer()
    {
        using var pipeline = new AgentPipeline();

        var response = await pipeline.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "what is 2 + 3 * 4?")]);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(ToolNames.Calculate, call.Name);
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal("2 + 3 * 4 = 14", result.Result?.ToString());
        Assert.Contains("14", response.Text);
        Assert.True(response.Usage?.TotalTokenCount > 0);
    }

    [Fact]
    public async Task The_provider_gets_the_system_prompt_the_tools_and_a_capped_output_limit()
    {
        RecordingChatClient? recorder = null;
        using var pipeline = new AgentPipeline(inner => recorder = new RecordingChatClient(inner),
            ("Agent:SystemPrompt", "Be brief."), ("Agent:MaxOutputTokens", "100"));

        await pipeline.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], new ChatOptions { MaxOutputTokens = 5000 });

        var (messages, options) = Assert.Single(recorder!.Calls);
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal("Be brief.", messages[0].Text);
        Assert.Equal(100, options!.MaxOutputTokens);
        Assert.Equal([ToolNames.CurrentTime, ToolNames.Calculate, ToolNames.SearchKnowledge, ToolNames.SendEmail], options.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task Tool_rounds_stop_at_the_configured_limit()
    {
        using var pipeline = new AgentPipeline(inner => new AlwaysCallsTheClock(), ("Agent:MaxToolIterations", "2"));

        var response = await pipeline.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "loop")]);

        Assert.Equal(2, response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Count());
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_the_model()
    {
        using var pipeline = new AgentPipeline();
        using var cts = new CancellationTokenSource();
        var texts = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in pipeline.Agent.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello")], cancellationToken: cts.Token))
            {
                if (update.Contents.OfType<TextContent>().Any())
                {
                    texts++;
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(1, texts);
    }

    /// <summary>A model stuck on one tool, to prove the loop is bounded.</summary>
    private sealed class AlwaysCallsTheClock : IChatClient
    {
        private int _calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent($"c{Interlocked.Increment(ref _calls)}", ToolNames.CurrentTime)])));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
