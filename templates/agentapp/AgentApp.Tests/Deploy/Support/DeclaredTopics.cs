using System.Text.Json.Nodes;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>A topic as the manifest's Kafka broker declares it.</summary>
/// <param name="Name">The topic.</param>
/// <param name="Partitions">Its partitions.</param>
/// <param name="ReplicationFactor">Its replication factor (development).</param>
/// <param name="Consumers">The services that consume it.</param>
public sealed record DeclaredTopic(string Name, int Partitions, int ReplicationFactor, List<string> Consumers)
{
    /// <summary>The one broker with <c>topics</c> in <paramref name="manifest"/>, and its topics (at least one).</summary>
    public static (string Broker, List<DeclaredTopic> Topics) Of(JsonObject manifest)
    {
        var broker = manifest["resources"]!.AsObject().Single(r => r.Value!["topics"] is JsonArray);
        var topics = broker.Value!["topics"]!.AsArray().Select(t => new DeclaredTopic(t!["name"]!.GetValue<string>(), t["partitions"]!.GetValue<int>(),
            t["replicationFactor"]!.GetValue<int>(), [.. t["consumers"]!.AsArray().Select(c => c!.GetValue<string>())])).ToList();
        Assert.NotEmpty(topics);
        return (broker.Key, topics);
    }
}
