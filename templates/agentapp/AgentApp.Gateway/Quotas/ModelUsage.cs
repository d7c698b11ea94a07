namespace AgentApp.Gateway.Quotas;

/// <summary>Model tokens the api reported for one request; present only on routes with a token quota.</summary>
public sealed class ModelUsage
{
    private long _total;

    /// <summary>The gateway asked for the usage report the client did not: take it out of the client's stream.</summary>
    public bool HideFromClient { get; set; }

    /// <summary>Tokens reported so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Adds a report (a header, or one SSE <c>usage</c> event).</summary>
    public void Add(long tokens)
    {
        if (tokens > 0)
        {
            Interlocked.Add(ref _total, tokens);
        }
    }
}
