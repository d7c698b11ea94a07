using System.Text.Json.Nodes;
using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;

namespace AgentApp.Tests.Hosting.Kafka;

/// <summary>The published manifest entry is the one Aspire.Hosting.Kafka 13.6 writes, whatever the local mode.</summary>
public class KafkaManifestTests
{
    private static IDistributedApplicationBuilder PublishBuilder(params string[] extraArgs) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "agentapp-kafka-manifest"), .. extraArgs],
        });

    [Fact]
    public async Task Manifest_entry_matches_upstream_and_validates()
    {
        var kafka = PublishBuilder().AddKafka("kafka").WithTopics("orders:4");

        var entry = await ManifestJson.EntryAsync(kafka.Resource);

        var expected = JsonNode.Parse("""
            {
              "type": "container.v0",
              "connectionString": "{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}",
              "image": "docker.io/confluentinc/confluent-local:8.2.0",
              "env": {
                "KAFKA_LISTENERS": "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT",
                "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://{kafka.bindings.tcp.host}:29092,PLAINTEXT_HOST://{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port},PLAINTEXT_INTERNAL://{kafka.bindings.internal.host}:{kafka.bindings.internal.port}"
              },
              "bindings": {
                "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 9092 },
                "internal": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 9093 }
              },
              "topics": [ { "name": "orders", "partitions": 4, "replicationFactor": 1, "consumers": [] } ]
            }
            """);
        // Upstream's entry, plus the declared topics (a documented deployment field, see ManifestSchema).
        Assert.True(JsonNode.DeepEquals(expected, entry), $"Manifest entry differs from upstream:\n{entry.ToJsonString()}");
        ManifestSchema.AssertValidEntry("kafka", entry);
    }

    [Fact]
    public async Task Fixed_port_is_published_as_the_tcp_host_port()
    {
        var kafka = PublishBuilder().AddKafka("kafka", port: 19092);

        var entry = await ManifestJson.EntryAsync(kafka.Resource);

        Assert.Equal(19092, entry["bindings"]!["tcp"]!["port"]!.GetValue<int>());
        Assert.Null(entry["bindings"]!["internal"]!["port"]);
        ManifestSchema.AssertValidEntry("kafka", entry);
    }

    [Fact]
    public async Task Publish_mode_describes_the_container_even_when_Local_is_configured()
    {
        var kafka = PublishBuilder("--Infrastructure:Mode=Local").AddKafka("kafka");

        Assert.True(kafka.Resource.IsContainer());
        Assert.Equal("container.v0", (await ManifestJson.EntryAsync(kafka.Resource))["type"]!.GetValue<string>());
    }
}
