using System.Text.Json;

namespace AgentApp.Gateway.Edge.Quotas;

/// <summary>
/// Passes a Server-Sent-Events response through unchanged and unbuffered, reading <c>event: usage</c> /
/// <c>data: {"totalTokens":…}</c> pairs on the way into <see cref="ModelUsage"/>.
/// </summary>
public sealed class SseUsageObserver(Stream inner, ModelUsage usage) : Stream
{
    /// <summary>A line longer than this is not a usage event; it is skipped, not buffered.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private readonly byte[] _line = new byte[MaxLineBytes];
    private int _length;
    private bool _overflow;
    private bool _inUsageEvent;

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Observe(buffer.Span);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Observe(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                if (!_overflow)
                {
                    OnLine(_line.AsSpan(0, _length).TrimEnd((byte)'\r'));
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
