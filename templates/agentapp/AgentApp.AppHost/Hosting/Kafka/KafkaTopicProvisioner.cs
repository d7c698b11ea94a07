using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>Creates a containerised broker's topics through the admin API once the broker is healthy.</summary>
internal static class KafkaTopicProvisioner
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates <paramref name="topics"/>; topics that already exist (a restarted container) are left as they are.</summary>
    public static async Task CreateTopicsAsync(string bootstrapServers, IReadOnlyCollection<KafkaTopic> topics, ILogger logger,
        CancellationToken cancellationToken)
    {
        if (topics.Count == 0)
        {
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var specifications = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = t.ReplicationFactor,
        }).ToList();

        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { OperationTimeout = s_timeout, RequestTimeout = s_timeout })
                .WaitAsync(cancellationToken);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Idempotent by design: a persistent container keeps its topics across AppHost runs.
        }

        logger.LogInformation("Topics ready: {Topics}", string.Join(", ", topics));
    }
}
