using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace AgentApp.Hosting;

/// <summary>
/// Writes a Kafka broker's manifest entry: the container as Aspire writes it, plus <c>topics</c> (name, partitions,
/// replication factor, consumers), which Aspire's schema has no place for, so a deployment can create the topics a
/// managed Kafka will not auto-create and size its consumers. Aspirate ignores the field.
/// </summary>
internal static class KafkaManifest
{
    public static async Task WriteAsync(ManifestPublishingContext context, KafkaServerResource kafka)
    {
        await context.WriteContainerAsync(kafka).ConfigureAwait(false);
        var consumers = kafka.Annotations.OfType<KafkaTopicConsumerAnnotation>().ToList();
        var topics = kafka.Topics();
        foreach (var unknown in consumers.Where(c => topics.All(t => t.Name != c.Topic)))
        {
            throw new DistributedApplicationException($"'{unknown.Consumer.Name}' consumes '{unknown.Topic}', which '{kafka.Name}' does not declare with WithTopics.");
        }

        var writer = context.Writer;
        writer.WriteStartArray("topics");
        foreach (var topic in topics)
        {
            writer.WriteStartObject();
            writer.WriteString("name", topic.Name);
            writer.WriteNumber("partitions", topic.Partitions);
            writer.WriteNumber("replicationFactor", topic.ReplicationFactor);
            writer.WriteStartArray("consumers");
            foreach (var consumer in consumers.Where(c => c.Topic == topic.Name).Select(c => c.Consumer.Name).Distinct().Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(consumer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
