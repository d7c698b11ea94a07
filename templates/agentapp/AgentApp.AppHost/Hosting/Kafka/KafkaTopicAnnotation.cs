namespace AgentApp.Hosting;

/// <summary>Marks a topic that must exist on a <see cref="KafkaServerResource"/> before dependents start.</summary>
/// <param name="topic">The topic.</param>
public sealed class KafkaTopicAnnotation(KafkaTopic topic) : IResourceAnnotation
{
    /// <summary>The topic to create.</summary>
    public KafkaTopic Topic { get; } = topic;
}
