using Dapr.Actors;
using Dapr.Actors.Client;

namespace AgentApp.Contracts;

/// <summary>
/// <see cref="IConversationActor"/> over Dapr's plain actor invocation: each call is
/// <c>PUT /v1.0/actors/ConversationActor/{id}/method/{name}</c> with the one argument as JSON and the result as JSON. The
/// contract records are the wire format, readable by any caller, and no proxy type is generated at run time.
/// </summary>
public sealed class ConversationActorClient(ActorProxy proxy, CancellationToken cancellationToken) : IConversationActor
{
    /// <summary>
    /// The actor holding <paramref name="tenant"/>'s conversation <paramref name="conversationId"/>, through
    /// <paramref name="proxies"/>: each tenant's conversations are actors of their own.
    /// </summary>
    public static IConversationActor For(IActorProxyFactory proxies, string tenant, string conversationId, CancellationToken cancellationToken) =>
        new ConversationActorClient(proxies.Create(new ActorId(ConversationActorType.ActorIdFor(tenant, conversationId)), ConversationActorType.Name), cancellationToken);

    /// <inheritdoc />
    public Task<ConversationView> GetAsync(string tenant) =>
        proxy.InvokeMethodAsync<string, ConversationView>(nameof(IConversationActor.GetAsync), tenant, cancellationToken);

    /// <inheritdoc />
    public Task<AppendResult> AppendAsync(AppendRequest request) =>
        proxy.InvokeMethodAsync<AppendRequest, AppendResult>(nameof(IConversationActor.AppendAsync), request, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string tenant) =>
        proxy.InvokeMethodAsync<string, bool>(nameof(IConversationActor.DeleteAsync), tenant, cancellationToken);
}
