using System.ComponentModel.DataAnnotations;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>How replicas agree on a tenant's request count (the choice Kong offers for its Redis rate limiting).</summary>
public enum LimitConsistency
{
    /// <summary>Every limited request is decided in Redis, in one round trip: no replica admits a request too many.</summary>
    Exact,

    /// <summary>
    /// Each replica admits from local counters and syncs them to Redis in batches (<see cref="LimitConsistencyOptions.SyncBatch"/>
    /// requests or <see cref="LimitConsistencyOptions.SyncInterval"/>, whichever comes first); most requests then cost no
    /// round trip, and a tenant may get up to <c>SyncBatch</c> requests per replica more than its limit in a window.
    /// </summary>
    Batched,
}

/// <summary>Rate-limit consistency (<c>Gateway:Limits</c>).</summary>
public sealed class LimitConsistencyOptions
{
    /// <summary>
    /// <see cref="LimitConsistency.Exact"/> (default) or <see cref="LimitConsistency.Batched"/>. Batched bounds the
    /// overshoot: in one window a tenant is admitted at most <c>RequestsPerMinute + replicas × SyncBatch</c> requests
    /// (each replica admits at most <c>SyncBatch</c> requests that Redis has not yet counted), and the overshoot is
    /// charged to the next window. Streams and their slots are always decided in Redis; token budgets are read from the
    /// last sync, and debits reach Redis with the next one.
    /// </summary>
    public LimitConsistency Consistency { get; set; } = LimitConsistency.Exact;

    /// <summary>Batched: requests a replica admits per tenant before it must sync (the overshoot bound per replica).</summary>
    [Range(1, 10_000)]
    public int SyncBatch { get; set; } = 20;

    /// <summary>Batched: how often local counts are synced even when no batch filled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
