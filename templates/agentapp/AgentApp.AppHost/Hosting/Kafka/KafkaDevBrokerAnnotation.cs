using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>Marks a <see cref="KafkaServerResource"/> that runs as the in-process dev broker rather than a container.</summary>
internal sealed class KafkaDevBrokerAnnotation : IResourceAnnotation;
