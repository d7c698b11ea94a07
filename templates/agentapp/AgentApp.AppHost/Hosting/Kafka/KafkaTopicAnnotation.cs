namespace AgentApp.Hosting;

/// <summary>Marks a topic that must exist on a <see cref="KafkaServerResource"/> before dependents start.</summary>
/// <param name="topic">The topic.</param>
public sealed class KafkaTopicAnnotation(KafkaTopic topic) : IResourceAnnotation
{
    /// <summary>The topic to create.</summary>
    public KafkaTopic Topic { get; } = topic;
}

/// <summary>Marks an application as a consumer of a topic on a <see cref="KafkaServerResource"/>: deployments never run more
/// consumers than the topic has partitions (the extra ones would sit idle and trigger rebalances).</summary>
/// <param name="topic">The topic name.</param>
/// <param name="consumer">The consuming application.</param>
public sealed class KafkaTopicConsumerAnnotation(string topic, IResource consumer) : IResourceAnnotation
{
    /// <summary>The topic name.</summary>
    public string Topic { get; } = topic;

    /// <summary>The consuming application.</summary>
    public IResource Consumer { get; } = consumer;
}
