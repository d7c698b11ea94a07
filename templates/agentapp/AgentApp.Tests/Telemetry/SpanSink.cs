using System.Collections;
using System.Diagnostics;

namespace AgentApp.Tests.Telemetry;

/// <summary>
/// A thread-safe collection for OpenTelemetry's in-memory exporter: a service exports spans from its own threads while
/// the test reads a snapshot.
/// </summary>
public sealed class SpanSink : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    /// <summary>The spans exported so far.</summary>
    public List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    /// <inheritdoc />
    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    /// <inheritdoc />
    public bool Contains(Activity item) => Snapshot().Contains(item);

    /// <inheritdoc />
    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    /// <inheritdoc />
    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
