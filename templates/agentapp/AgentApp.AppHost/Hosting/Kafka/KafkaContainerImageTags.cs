namespace AgentApp.Hosting;

/// <summary>The broker image, as Aspire.Hosting.Kafka 13.6 pins it.</summary>
internal static class KafkaContainerImageTags
{
    public const string Registry = "docker.io";

    /// <summary>confluentinc/confluent-local: one KRaft broker, no ZooKeeper container.</summary>
    public const string Image = "confluentinc/confluent-local";

    public const string Tag = "8.2.0";
}
