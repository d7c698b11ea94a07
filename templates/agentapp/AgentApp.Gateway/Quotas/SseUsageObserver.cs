using System.Buffers;
using System.Text.Json;

namespace AgentApp.Gateway.Quotas;

/// <summary>
/// Passes a Server-Sent-Events response through unbuffered, reading the model tokens it reports on the way into
/// <see cref="ModelUsage"/>: the api's <c>event: usage</c> / <c>data: {"totalTokens":…}</c> pairs, and OpenAI's usage
/// chunk (<c>data: {…,"usage":{"total_tokens":…}}</c>). When the gateway asked for that chunk on the client's behalf
/// (<see cref="ModelUsage.HideFromClient"/>), events are passed whole and the usage-only chunk is left out.
/// </summary>
public sealed class SseUsageObserver(Stream inner, ModelUsage usage) : Stream
{
    /// <summary>A line longer than this is not a usage event; it is skipped, not buffered.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private readonly byte[] _line = new byte[MaxLineBytes];
    private readonly ArrayBufferWriter<byte> _event = new();
    private int _length;
    private bool _overflow;
    private bool _inUsageEvent;
    private bool _usageOnlyChunk;
    private bool _spilling;

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!usage.HideFromClient)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Observe(buffer.Span, null);
            return;
        }

        var output = new ArrayBufferWriter<byte>(buffer.Length);
        Observe(buffer.Span, output);
        if (output.WrittenCount > 0)
        {
            await inner.WriteAsync(output.WrittenMemory, cancellationToken);
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <summary>
    /// Holds a byte of the current event back, until the event is longer than a usage chunk can be: then what is held,
    /// and the rest of that event, go straight on (so no event is buffered without bound).
    /// </summary>
    private void Collect(byte b, ArrayBufferWriter<byte> output)
    {
        if (_spilling)
        {
            output.GetSpan(1)[0] = b;
            output.Advance(1);
            return;
        }

        _event.GetSpan(1)[0] = b;
        _event.Advance(1);
        if (_event.WrittenCount > 2 * MaxLineBytes)
        {
            output.Write(_event.WrittenSpan);
            _event.ResetWrittenCount();
            _spilling = true;
        }
    }

    /// <summary>Reads lines; with <paramref name="output"/>, also collects each event and hands it on whole when it ends.</summary>
    private void Observe(ReadOnlySpan<byte> bytes, ArrayBufferWriter<byte>? output)
    {
        foreach (var b in bytes)
        {
            if (output is not null)
            {
                Collect(b, output);
            }

            if (b == (byte)'\n')
            {
                var line = _line.AsSpan(0, _length).TrimEnd((byte)'\r');
                if (!_overflow)
                {
                    OnLine(line);
                }

                if (output is not null && line.IsEmpty)
                {
                    if (!_usageOnlyChunk && !_spilling)
                    {
                        output.Write(_event.WrittenSpan);
                    }

                    _event.ResetWrittenCount();
                    _usageOnlyChunk = false;
                    _spilling = false;
                }

                _length = 0;
                _overflow = false;
            }
            else if (_length < MaxLineBytes)
            {
                _line[_length++] = b;
            }
            else
            {
                _overflow = true;
            }
        }
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _inUsageEvent = false;
        }
        else if (line.StartsWith("event:"u8))
        {
            _inUsageEvent = line["event:".Length..].Trim((byte)' ').SequenceEqual("usage"u8);
        }
        else if (_inUsageEvent && line.StartsWith("data:"u8))
        {
            usage.Add(TotalTokens(line["data:".Length..]));
        }
        else if (line.StartsWith("data:"u8) && HasUsageObject(line))
        {
            var (tokens, usageOnly) = OpenAIUsage(line["data:".Length..]);
            usage.Add(tokens);
            _usageOnlyChunk = usageOnly;
        }
    }

    /// <summary>
    /// Whether the line has <c>"usage": {</c>: only then is it parsed (OpenAI sends <c>"usage": null</c> in every other
    /// chunk of a stream that asked for usage, and parsing each of those would be work for nothing).
    /// </summary>
    private static bool HasUsageObject(ReadOnlySpan<byte> line)
    {
        var at = line.IndexOf("\"usage\""u8);
        if (at < 0)
        {
            return false;
        }

        var rest = line[(at + "\"usage\"".Length)..].TrimStart(" \t"u8);
        return rest.Length > 1 && rest[0] == (byte)':' && rest[1..].TrimStart(" \t"u8) is [(byte)'{', ..];
    }

    /// <summary>The <c>usage.total_tokens</c> of an OpenAI chunk, and whether the chunk carries nothing else (no choices).</summary>
    private static (long Tokens, bool UsageOnly) OpenAIUsage(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("usage", out var used) || used.ValueKind != JsonValueKind.Object)
            {
                return (0, false);
            }

            var tokens = used.TryGetProperty("total_tokens", out var total) && total.TryGetInt64(out var t) ? t : 0;
            var usageOnly = !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0;
            return (tokens, usageOnly);
        }
        catch (JsonException)
        {
            return (0, false);
        }
    }

    private static long TotalTokens(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return 0;
            }

            if (root.TryGetProperty("totalTokens", out var total) && total.TryGetInt64(out var t))
            {
                return t;
            }

            long Part(string name) => root.TryGetProperty(name, out var p) && p.TryGetInt64(out var v) ? v : 0;
            return Part("inputTokens") + Part("outputTokens");
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
