using System.Diagnostics.Metrics;

namespace AgentApp.Gateway.RedisStore;

/// <summary>
/// The rate-limit store's availability as the health check last saw it, exported as the gauge
/// <see cref="GaugeName"/>: 1 while it answers, 0 while the gateway answers 503 for what needs it. Readiness stays up
/// through an outage (Degraded), so this gauge, not pod readiness, is what an alert watches. No value before the first check.
/// </summary>
public sealed class RateLimitStoreAvailability
{
    /// <summary>The meter (under the app's prefix, so ServiceDefaults exports it).</summary>
    public const string MeterName = $"{TelemetryNames.Prefix}.Gateway.Availability";

    /// <summary>The gauge.</summary>
    public const string GaugeName = "agentapp.gateway.redis.available";

    private const int Unknown = -1;
    private volatile int _state = Unknown;

    /// <summary>Creates the gauge.</summary>
    public RateLimitStoreAvailability(IMeterFactory meters) =>
        meters.Create(MeterName).CreateObservableGauge(GaugeName, Observe, "{state}",
            "1 while the gateway's rate-limit store (Redis) answers, 0 while routes that need it are answered 503.");

    /// <summary>Records the outcome of a check.</summary>
    public void Report(bool available) => _state = available ? 1 : 0;

    private IEnumerable<Measurement<int>> Observe() => _state == Unknown ? [] : [new Measurement<int>(_state)];
}
