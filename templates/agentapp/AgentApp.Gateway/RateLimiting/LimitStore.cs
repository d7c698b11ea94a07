using AgentApp.Gateway.Forwarding;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>The outcome of admitting one request: the verdict, the tenant's state for the headers, a held stream slot.</summary>
public sealed record Admission(AdmissionVerdict Verdict, long RequestsLeft, DateTimeOffset WindowEnd, DateTimeOffset Now, StreamSlot? Slot)
{
    /// <summary>Whole seconds until the request bucket refills, at least 1.</summary>
    public long ResetSeconds => Math.Clamp((long)Math.Ceiling((WindowEnd - Now).TotalSeconds), 1, (long)AdmissionScript.Period.TotalSeconds);
}

/// <summary>Decides requests against a tenant's limits and debits the model tokens they spent.</summary>
public abstract class LimitStore(IConnectionMultiplexer redis, IOptions<GatewayOptions> gateway, TimeProvider time)
{
    /// <summary>The shared Redis.</summary>
    protected IConnectionMultiplexer Redis { get; } = redis;

    /// <summary>The clock.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>How long an unrenewed stream slot lasts.</summary>
    protected TimeSpan LeaseTtl => gateway.Value.StreamLeaseTtl;

    /// <summary>Admits or refuses one request; a stream that is admitted holds the returned slot until disposed.</summary>
    public abstract ValueTask<Admission> AdmitAsync(string tenant, TenantLimits limits, bool stream, bool checkQuota);

    /// <summary>Debits <paramref name="tokens"/> model tokens from <paramref name="tenant"/>'s budget.</summary>
    public abstract ValueTask DebitAsync(string tenant, long tokens);

    /// <summary>Runs the admission script with <paramref name="ask"/>'s lease, and takes the slot if it was granted.</summary>
    protected async Task<(AdmissionResult Result, Admission Admission)> AskAsync(AdmissionAsk ask)
    {
        var result = await AdmissionScript.RunAsync(Redis.GetDatabase(), ask, LeaseTtl);
        var slot = result.Verdict == AdmissionVerdict.Admitted && ask.LeaseId is { } id
            ? new StreamSlot(Redis, ask.Tenant, id, LeaseTtl, Time)
            : null;
        return (result, new Admission(result.Verdict, result.RequestsLeft, result.WindowEnd, ask.Now, slot));
    }

    /// <summary>The ask for one request that Redis decides.</summary>
    protected AdmissionAsk Ask(string tenant, TenantLimits limits, DateTimeOffset now, bool stream, bool checkQuota) =>
        new(tenant, limits, now, Decide: true, stream ? StreamSlot.NewId() : null, now + LeaseTtl, checkQuota);
}

/// <summary>
/// <see cref="LimitConsistency.Exact"/>: every request decided in Redis, one round trip for all of its limits; a debit
/// is one more, only when tokens were spent.
/// </summary>
public sealed class ExactLimitStore(IConnectionMultiplexer redis, IOptions<GatewayOptions> gateway, TimeProvider time)
    : LimitStore(redis, gateway, time)
{
    /// <inheritdoc />
    public override async ValueTask<Admission> AdmitAsync(string tenant, TenantLimits limits, bool stream, bool checkQuota) =>
        (await AskAsync(Ask(tenant, limits, Time.GetUtcNow(), stream, checkQuota))).Admission;

    /// <inheritdoc />
    public override async ValueTask DebitAsync(string tenant, long tokens) =>
        await AgentApp.Quotas.TokenLedger.DebitAsync(Redis.GetDatabase(), tenant, tokens, Time.GetUtcNow());
}
