using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;

namespace AgentApp.Tests.Hosting.Kafka;

/// <summary>The app model AddKafka builds in each infrastructure mode, without starting anything.</summary>
public class KafkaAppModelTests
{
    private static IDistributedApplicationBuilder RunBuilder(string mode) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [$"--Infrastructure:Mode={mode}"] });

    [Fact]
    public void Containers_mode_runs_the_upstream_image_with_a_health_check()
    {
        var kafka = RunBuilder("Containers").AddKafka("kafka").Resource;

        var image = Assert.Single(kafka.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("docker.io", "confluentinc/confluent-local", "8.2.0"), (image.Registry, image.Image, image.Tag));
        Assert.Equal("kafka_check", Assert.Single(kafka.Annotations.OfType<HealthCheckAnnotation>()).Key);
        Assert.Equal(["tcp", "internal"], kafka.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name));
    }

    [Fact]
    public void Local_mode_keeps_the_resource_but_drops_the_container()
    {
        var kafka = RunBuilder("Local").AddKafka("kafka", port: 19092).Resource;

        Assert.IsType<KafkaServerResource>(kafka);
        Assert.False(kafka.IsContainer());
        Assert.Empty(kafka.Annotations.OfType<ContainerImageAnnotation>());
        // Same endpoints and the same health check as the container, so WithReference and WaitFor do not change.
        Assert.Equal(["tcp", "internal"], kafka.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name));
        Assert.Equal(19092, kafka.Annotations.OfType<EndpointAnnotation>().First().Port);
        Assert.Equal("kafka_check", Assert.Single(kafka.Annotations.OfType<HealthCheckAnnotation>()).Key);
        var initial = Assert.Single(kafka.Annotations.OfType<ResourceSnapshotAnnotation>()).InitialSnapshot;
        Assert.Equal(KafkaDevBrokerBuilderExtensions.ResourceType, initial.ResourceType);
    }

    [Fact]
    public void Topics_are_annotations_and_a_repeated_name_replaces_the_earlier_one()
    {
        var kafka = RunBuilder("Containers").AddKafka("kafka")
            .WithTopics("orders:4", "audit")
            .WithTopics(new KafkaTopic("orders", 6))
            .Resource;

        Assert.Equal(
            [new KafkaTopic("audit", 1), new KafkaTopic("orders", 6)],
            kafka.Annotations.OfType<KafkaTopicAnnotation>().Select(a => a.Topic));
    }

    [Theory]
    [InlineData("orders", "orders", 1)]
    [InlineData("orders:4", "orders", 4)]
    [InlineData(" task.events-v1 : 12", "task.events-v1", 12)]
    public void Topic_text_parses(string text, string name, int partitions) =>
        Assert.Equal(new KafkaTopic(name, partitions), KafkaTopic.Parse(text));

    [Theory]
    [InlineData("orders:0")]
    [InlineData("orders:-1")]
    [InlineData("orders:four")]
    [InlineData("orders:4:3")]
    public void Malformed_topic_text_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => KafkaTopic.Parse(text));

    [Theory]
    [InlineData("with space")]
    [InlineData("..")]
    [InlineData("ordérs")]
    public void Illegal_topic_names_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => new KafkaTopic(name));
}
