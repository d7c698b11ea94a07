using System.Text;
using AgentApp.Gateway.Quotas;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// The usage a stream reports is counted however the proxy's writes cut it, and OpenAI's usage chunk reaches the client
/// only when the client asked for it; every other event passes unchanged, a long one without being held whole.
/// </summary>
public sealed class SseUsageObserverTests
{
    private const string Delta = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n";
    private const string Usage = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":12,\"total_tokens\":42}}\n\n";
    private const string Done = "data: [DONE]\n\n";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task The_usage_chunk_is_counted_and_left_out_when_the_gateway_asked_for_it(int writeSize)
    {
        var (output, tokens) = await PassAsync(Delta + Usage + Done, writeSize, hide: true);

        Assert.Equal(Delta + Done, output);
        Assert.Equal(42, tokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task A_client_that_asked_for_usage_gets_the_stream_unchanged_and_it_is_counted(int writeSize)
    {
        var (output, tokens) = await PassAsync(Delta + Usage + Done, writeSize, hide: false);

        Assert.Equal(Delta + Usage + Done, output);
        Assert.Equal(42, tokens);
    }

    [Fact]
    public async Task An_event_longer_than_any_usage_chunk_passes_whole_without_being_held()
    {
        var big = "data: {\"choices\":[{\"delta\":{\"content\":\"" + new string('x', 3 * SseUsageObserver.MaxLineBytes) + "\"}}]}\n\n";

        var (output, tokens) = await PassAsync(big + Usage + Done, 1000, hide: true);

        Assert.Equal(big + Done, output);
        Assert.Equal(42, tokens);
    }

    private static async Task<(string Output, long Tokens)> PassAsync(string stream, int writeSize, bool hide)
    {
        using var sink = new MemoryStream();
        var usage = new ModelUsage { HideFromClient = hide };
        await using var observer = new SseUsageObserver(sink, usage);
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var offset = 0; offset < bytes.Length; offset += writeSize)
        {
            await observer.WriteAsync(bytes.AsMemory(offset, Math.Min(writeSize, bytes.Length - offset)));
        }

        return (Encoding.UTF8.GetString(sink.ToArray()), usage.Total);
    }
}
