using System.Collections.Concurrent;
using AgentApp.Gateway.Forwarding;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>
/// <see cref="LimitConsistency.Batched"/>: a request is admitted from this replica's view of its tenant (what Redis said
/// at the last sync, less what was admitted here since) without a round trip, while fewer than
/// <see cref="LimitConsistencyOptions.SyncBatch"/> admissions are unsynced; otherwise it is decided in Redis, carrying the
/// unsynced count along. A timer syncs the rest every <see cref="LimitConsistencyOptions.SyncInterval"/>.
/// Why the overshoot is bounded: a view only overstates what is left by admissions Redis has not counted, and each
/// replica has at most <c>SyncBatch</c> of those at any time; an empty view refuses locally until the window refills.
/// </summary>
public sealed class BatchedLimitStore : LimitStore, IDisposable
{
    private readonly ConcurrentDictionary<string, View> _tenants = new(StringComparer.Ordinal);
    private readonly int _batch;
    private readonly IOptions<TenantLimitsOptions> _limits;
    private readonly ITimer _sync;

    /// <summary>Starts the sync timer.</summary>
    public BatchedLimitStore(IConnectionMultiplexer redis, IOptions<GatewayOptions> gateway, IOptions<TenantLimitsOptions> limits, TimeProvider time)
        : base(redis, gateway, time)
    {
        var options = gateway.Value.Limits;
        _batch = options.SyncBatch;
        _limits = limits;
        _sync = time.CreateTimer(_ => _ = SyncAllAsync(), null, options.SyncInterval, options.SyncInterval);
    }

    /// <inheritdoc />
    public override async ValueTask<Admission> AdmitAsync(string tenant, TenantLimits limits, bool stream, bool checkQuota)
    {
        var now = Time.GetUtcNow();
        var view = _tenants.GetOrAdd(tenant, _ => new View());
        Task<(AdmissionResult, Admission)> asked;
        Sent sent;
        lock (view)
        {
            view.LastUsed = now;
            if (!stream && view.Decides(now, _batch) is { } local)
            {
                if (checkQuota && view.QuotaSpent(limits) is { } spent)
                {
                    return new Admission(spent, 0, view.WindowEnd, now, null);
                }

                if (local.Left < 1)
                {
                    return new Admission(AdmissionVerdict.RequestsPerMinute, local.Left, view.WindowEnd, now, null);
                }

                view.Taken++;
                return new Admission(AdmissionVerdict.Admitted, local.Left - 1, view.WindowEnd, now, null);
            }

            sent = view.Send();
            asked = AskAsync(Ask(tenant, limits, now, stream, checkQuota) with { TakenLocally = sent.Requests, TokensSpent = sent.Tokens });
        }

        return (await Settle(view, sent, asked, now)).Item2;
    }

    /// <inheritdoc />
    public override ValueTask DebitAsync(string tenant, long tokens)
    {
        if (tokens > 0)
        {
            var view = _tenants.GetOrAdd(tenant, _ => new View());
            lock (view)
            {
                view.Spent += tokens;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends every tenant's unsynced counts; forgets tenants idle for two windows.</summary>
    public async Task SyncAllAsync()
    {
        var now = Time.GetUtcNow();
        foreach (var (tenant, view) in _tenants)
        {
            Sent sent;
            Task<(AdmissionResult, Admission)> asked;
            lock (view)
            {
                if (view.Taken == 0 && view.Spent == 0)
                {
                    if (view.InFlight.Requests == 0 && now - view.LastUsed > AdmissionScript.Period * 2)
                    {
                        _tenants.TryRemove(tenant, out _);
                    }

                    continue;
                }

                sent = view.Send();
                asked = AskAsync(new AdmissionAsk(tenant, _limits.Value.For(tenant), now, Decide: false, null, now, CheckQuota: false, sent.Requests, sent.Tokens));
            }

            try
            {
                await Settle(view, sent, asked, now);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Settle put the counts back; the next tick or request tries again.
            }
        }
    }

    private static async Task<(AdmissionResult, Admission)> Settle(View view, Sent sent, Task<(AdmissionResult, Admission)> asked, DateTimeOffset now)
    {
        try
        {
            var answer = await asked;
            lock (view)
            {
                view.Received(sent, answer.Item1, now);
            }

            return answer;
        }
        catch
        {
            lock (view)
            {
                view.Failed(sent);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sync.Dispose();
        // Best effort: what this replica admitted or spent last reaches Redis before it goes.
        try
        {
            SyncAllAsync().Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Redis is gone or closing; the next window starts whole anyway.
        }
    }

    /// <summary>Counts sent to Redis and not yet answered.</summary>
    private readonly record struct Unsynced(long Requests, long Tokens);

    /// <summary>The counts one ask carries; <paramref name="Sequence"/> orders the asks of one view.</summary>
    private readonly record struct Sent(long Requests, long Tokens, long Sequence);

    private readonly record struct Local(long Left);

    /// <summary>One tenant as this replica sees it. Guarded by its own lock.</summary>
    private sealed class View
    {
        private bool _known;
        private long _left, _minute, _day;
        private long _sent, _applied;
        private DateTimeOffset _minuteOf;

        public DateTimeOffset WindowEnd { get; private set; }

        public DateTimeOffset LastUsed { get; set; }

        /// <summary>Admitted here, not yet sent.</summary>
        public long Taken { get; set; }

        /// <summary>Spent here, not yet sent.</summary>
        public long Spent { get; set; }

        /// <summary>Sent, not yet answered.</summary>
        public Unsynced InFlight { get; private set; }

        /// <summary>What is left as this replica may count it, or null when Redis must decide.</summary>
        public Local? Decides(DateTimeOffset now, int batch) =>
            _known && now < WindowEnd && SameMinute(_minuteOf, now) && Taken + InFlight.Requests < batch
                ? new Local(_left - Taken - InFlight.Requests)
                : null;

        /// <summary>The spent token budget, from the last sync plus what was spent here since.</summary>
        public AdmissionVerdict? QuotaSpent(TenantLimits limits)
        {
            var unsynced = Spent + InFlight.Tokens;
            return _day + unsynced >= limits.TokensPerDay ? AdmissionVerdict.TokensPerDay
                : _minute + unsynced >= limits.TokensPerMinute ? AdmissionVerdict.TokensPerMinute
                : null;
        }

        public Sent Send()
        {
            var sent = new Sent(Taken, Spent, ++_sent);
            Taken = 0;
            Spent = 0;
            InFlight = new(InFlight.Requests + sent.Requests, InFlight.Tokens + sent.Tokens);
            return sent;
        }

        /// <summary>
        /// Takes Redis' answer to <paramref name="sent"/> as the view, unless the answer to a later ask came first: Redis
        /// answers in order, but the awaits resume in any order, and an older answer overstates what is left (it predates
        /// admissions the newer one counted), which would let a replica admit a second batch past the bound.
        /// </summary>
        public void Received(Sent sent, AdmissionResult result, DateTimeOffset now)
        {
            InFlight = new(InFlight.Requests - sent.Requests, InFlight.Tokens - sent.Tokens);
            if (sent.Sequence < _applied)
            {
                return;
            }

            _applied = sent.Sequence;
            _known = true;
            _left = result.RequestsLeft;
            WindowEnd = result.WindowEnd;
            _minute = result.TokensThisMinute;
            _day = result.TokensToday;
            _minuteOf = now;
        }

        public void Failed(Sent sent)
        {
            InFlight = new(InFlight.Requests - sent.Requests, InFlight.Tokens - sent.Tokens);
            Taken += sent.Requests;
            Spent += sent.Tokens;
        }

        private static bool SameMinute(DateTimeOffset a, DateTimeOffset b) =>
            a.UtcTicks / TimeSpan.TicksPerMinute == b.UtcTicks / TimeSpan.TicksPerMinute;
    }
}
