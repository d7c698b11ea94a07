using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;

namespace AgentApp.Tests.Hosting.Dapr;

/// <summary>The AppHost's Dapr shape (cache, actor state store, actors with a sidecar), built on any builder.</summary>
public sealed record DaprAgentModel(
    IDistributedApplicationBuilder Builder,
    IResourceBuilder<RedisResource> Cache,
    IResourceBuilder<DaprComponentResource> StateStore,
    IResourceBuilder<ProjectResource> Actors)
{
    public static DaprAgentModel Create(IDistributedApplicationBuilder builder, DaprSidecarOptions? options = null)
    {
        builder.Configuration["Parameters:cache-password"] = "s3cret";
        var cache = builder.AddRedis("cache");
        var stateStore = builder.AddDaprStateStore("statestore").WithRedis(cache).AsActorStateStore();

        // A launch profile would add this endpoint; the Actors project has none yet.
        var actors = builder.AddProject("actors", DaprTestHost.ActorsProjectPath).WithHttpEndpoint()
            .WithDaprSidecar(options ?? new DaprSidecarOptions(), sidecar => sidecar.WithReference(stateStore));
        return new DaprAgentModel(builder, cache, stateStore, actors);
    }

    public DaprSidecarResource Sidecar => Builder.Resources.OfType<DaprSidecarResource>().Single();

    public DaprdResource Daprd => Builder.Resources.OfType<DaprdResource>().Single();

    public ExecutableResource Executable(string name) => Builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == name);

    /// <summary>
    /// Gives every endpoint an address, as DCP does at start. The app's http endpoint gets a different target port
    /// (6000) than its proxy port (5000), so tests can tell which one daprd is given.
    /// </summary>
    public void AllocateEndpoints()
    {
        DaprTestHost.Allocate(Actors.Resource, "http", 5000, targetPortExpression: "6000");
        var port = 41000;
        foreach (var resource in Builder.Resources.Where(r => r != Actors.Resource))
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.AllocatedEndpoint is null).ToList())
            {
                DaprTestHost.Allocate(resource, endpoint.Name, port++);
            }
        }
    }

    public static int Port(IResource resource, string endpoint) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpoint).AllocatedEndpoint!.Port;
}
