using AgentApp.Contracts;
using AgentApp.DaprHosting;
using Dapr.Actors.Client;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks;

/// <summary>Task (and conversation) actors through the worker's Dapr sidecar (<c>DAPR_HTTP_ENDPOINT</c>, else <c>DAPR_HTTP_PORT</c>, as the SDK reads them).</summary>
public sealed class TaskActorSidecar
{
    private readonly ActorProxyFactory _proxies;

    /// <summary>Builds the proxy factory; a plain handler, since a blindly retried actor call could record a step twice.</summary>
    public TaskActorSidecar(IConfiguration configuration, IOptions<TaskWorkerOptions> options)
    {
        var sidecar = DaprSidecarAddress.From(configuration);
        Endpoint = sidecar.Endpoint;
        _proxies = new ActorProxyFactory(new ActorProxyOptions
        {
            HttpEndpoint = sidecar.Endpoint,
            DaprApiToken = sidecar.ApiToken,
            RequestTimeout = options.Value.ActorCallTimeout,
        }, new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) });
    }

    /// <summary>The sidecar's HTTP endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>The actor holding conversation <paramref name="conversationId"/> (a task's memory).</summary>
    public IConversationActor Conversation(string tenant, string conversationId, CancellationToken cancellationToken) =>
        ConversationActorClient.For(_proxies, tenant, conversationId, cancellationToken);

    /// <summary>The actor holding task <paramref name="taskId"/>.</summary>
    public ITaskActor For(string taskId, CancellationToken cancellationToken) =>
        TaskActorClient.For(_proxies, taskId, cancellationToken);
}
