namespace AgentApp.Gateway.RateLimiting;

/// <summary>One tenant's limits (<c>TenantDefaults</c>, overridden per field by <c>Tenants:&lt;id&gt;</c>).</summary>
public sealed record TenantLimits
{
    /// <summary>Requests per minute, all routes, shared by every gateway replica.</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>Server-Sent-Event streams open at once.</summary>
    public int ConcurrentStreams { get; set; } = 4;

    /// <summary>Model tokens per clock minute (UTC).</summary>
    public long TokensPerMinute { get; set; } = 50_000;

    /// <summary>Model tokens per day (UTC).</summary>
    public long TokensPerDay { get; set; } = 200_000;
}
