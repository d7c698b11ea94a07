using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentApp.Worker.Messaging;

/// <summary>Ready when a broker answers a metadata request (cheap, and supported by every broker and dev broker).</summary>
public sealed class KafkaHealthCheck(IAdminClient admin) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks; keep it off the request thread.
            var metadata = await Task.Run(() => admin.GetMetadata(s_timeout), cancellationToken);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)")
                : HealthCheckResult.Unhealthy("no brokers in metadata");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy("Kafka did not answer", ex);
        }
    }
}
