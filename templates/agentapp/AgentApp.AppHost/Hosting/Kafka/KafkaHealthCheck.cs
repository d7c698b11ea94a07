using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentApp.Hosting;

/// <summary>
/// Healthy when a broker answers a metadata request. Only Metadata: the dev broker (librdkafka's mock) times out on
/// DescribeCluster and CreateTopics, so the same check serves the container and the dev broker alike.
/// </summary>
internal sealed class KafkaHealthCheck(Func<string?> bootstrapServers) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (bootstrapServers() is not { } servers)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The broker's connection string is not available yet.");
        }

        try
        {
            var brokers = await Task.Run(() =>
            {
                using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers, SocketTimeoutMs = (int)s_timeout.TotalMilliseconds })
                    .SetLogHandler((_, _) => { }) // a broker still booting logs connection refusals: the result says enough
                    .Build();
                return admin.GetMetadata(s_timeout).Brokers.Count;
            }, cancellationToken);

            return brokers > 0
                ? HealthCheckResult.Healthy($"{brokers} broker(s) at {servers}")
                : new HealthCheckResult(context.Registration.FailureStatus, $"{servers} answered with no brokers.");
        }
        catch (KafkaException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No metadata from {servers}: {e.Error.Reason}", e);
        }
    }
}
