using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;

namespace AgentApp.Tests.Hosting.Dapr;

/// <summary>Component rules that would otherwise surface as daprd start-up failures or invalid Kubernetes output.</summary>
public sealed class DaprComponentTests : IDisposable
{
    private readonly DaprTestHost _host = new();

    [Fact]
    public void Only_one_state_store_may_keep_actor_state()
    {
        var builder = _host.PublishMode();
        builder.AddDaprStateStore("statestore").AsActorStateStore();

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddDaprStateStore("other").AsActorStateStore());

        Assert.Contains("'statestore' is already the actor state store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_state_store_can_keep_actor_state()
    {
        var builder = _host.PublishMode();

        Assert.Throws<DistributedApplicationException>(() => builder.AddDaprPubSub("pubsub").AsActorStateStore());
    }

    [Theory]
    [InlineData("state")]
    [InlineData("pubsub.")]
    [InlineData(".redis")]
    public void Component_types_must_be_concrete(string type)
    {
        var builder = _host.PublishMode();

        Assert.Throws<ArgumentException>(() => builder.AddDaprComponent("store", type));
    }

    [Fact]
    public void Redis_backs_state_stores_and_pub_subs_but_not_bindings()
    {
        var builder = _host.PublishMode();
        var cache = builder.AddRedis("cache");

        Assert.Equal("state.redis", builder.AddDaprStateStore("statestore").WithRedis(cache).Resource.Type);
        Assert.Equal("pubsub.redis", builder.AddDaprPubSub("pubsub").WithRedis(cache).Resource.Type);
        Assert.Throws<DistributedApplicationException>(() => builder.AddDaprComponent("queue", "bindings.kafka").WithRedis(cache));
    }

    [Fact]
    public void Later_metadata_replaces_earlier_metadata_of_the_same_name()
    {
        var builder = _host.PublishMode();

        var pubsub = builder.AddDaprComponent("pubsub", "pubsub.kafka")
            .WithMetadata("brokers", "localhost:9092")
            .WithMetadata("authType", "none")
            .WithMetadata("brokers", "kafka:9092");

        Assert.Equal(["authType", "brokers"], pubsub.Resource.Metadata.Select(m => m.Name));
        Assert.Equal("kafka:9092", pubsub.Resource.Metadata.Single(m => m.Name == "brokers").Value);
        Assert.Equal("pubsub", pubsub.Resource.Kind);
    }

    [Fact]
    public void A_sidecar_lists_each_component_once_and_an_app_has_one_sidecar()
    {
        var builder = _host.PublishMode();
        var stateStore = builder.AddDaprStateStore("statestore");
        var pubsub = builder.AddDaprPubSub("pubsub");
        var api = builder.AddProject("api", DaprTestHost.ActorsProjectPath)
            .WithDaprSidecar(s => s.WithReference(stateStore).WithReference(pubsub).WithReference(stateStore));

        Assert.Equal(["statestore", "pubsub"], builder.Resources.OfType<DaprSidecarResource>().Single().Components.Select(c => c.Name));
        Assert.Throws<DistributedApplicationException>(() => api.WithDaprSidecar());
    }

    public void Dispose() => _host.Dispose();
}
