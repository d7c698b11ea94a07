using Microsoft.Extensions.AI;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>
/// A model stream read up to its first output the client would see (or its end), so that a failure until then can
/// still be answered with an error status; what was read on the way is handed out first.
/// </summary>
public sealed class OpenedStream : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _updates;
    private readonly Queue<ChatResponseUpdate> _read = new();
    private bool _ended;

    private OpenedStream(IAsyncEnumerator<ChatResponseUpdate> updates) => _updates = updates;

    /// <summary>Reads <paramref name="stream"/> until an update satisfies <paramref name="isVisible"/>; a failure throws here.</summary>
    public static async Task<OpenedStream> OpenAsync(IAsyncEnumerable<ChatResponseUpdate> stream, Func<ChatResponseUpdate, bool> isVisible,
        CancellationToken cancellationToken)
    {
        var opened = new OpenedStream(stream.GetAsyncEnumerator(cancellationToken));
        try
        {
            while (true)
            {
                if (!await opened._updates.MoveNextAsync())
                {
                    opened._ended = true;
                    return opened;
                }

                opened._read.Enqueue(opened._updates.Current);
                if (isVisible(opened._updates.Current))
                {
                    return opened;
                }
            }
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next update, or null at the end.</summary>
    public async ValueTask<ChatResponseUpdate?> NextAsync()
    {
        if (_read.TryDequeue(out var read))
        {
            return read;
        }

        if (_ended || !await _updates.MoveNextAsync())
        {
            _ended = true;
            return null;
        }

        return _updates.Current;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _updates.DisposeAsync();
}
