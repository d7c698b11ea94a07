using AgentApp.Contracts;
using AgentApp.Api.Dapr;

namespace AgentApp.Api.Memory;

/// <summary>
/// The api's side of conversation memory: calls to <see cref="IConversationActor"/> through the Dapr sidecar,
/// answering "unavailable, and here is the fix" (<see cref="ActorCalls"/>) instead of throwing when there is no sidecar.
/// </summary>
public sealed class ConversationMemory(ActorCalls calls)
{
    /// <summary>How problems name this feature.</summary>
    public const string Feature = "Conversation memory";

    /// <summary>The conversation as <paramref name="tenant"/> may see it.</summary>
    public Task<ActorCallResult<ConversationView>> GetAsync(string id, string tenant, CancellationToken cancellationToken) =>
        CallAsync(id, tenant, actor => actor.GetAsync(tenant), cancellationToken);

    /// <summary>Appends messages for <paramref name="tenant"/>.</summary>
    public Task<ActorCallResult<AppendResult>> AppendAsync(string id, string tenant, IReadOnlyList<ConversationMessage> messages,
        CancellationToken cancellationToken) =>
        CallAsync(id, tenant, actor => actor.AppendAsync(new AppendRequest(tenant, messages)), cancellationToken);

    /// <summary>Deletes the conversation if <paramref name="tenant"/> owns it.</summary>
    public Task<ActorCallResult<bool>> DeleteAsync(string id, string tenant, CancellationToken cancellationToken) =>
        CallAsync(id, tenant, actor => actor.DeleteAsync(tenant), cancellationToken);

    // Each tenant's conversations are actors of their own (the actor still checks its owner: a second line of defence).
    private Task<ActorCallResult<T>> CallAsync<T>(string id, string tenant, Func<IConversationActor, Task<T>> call,
        CancellationToken cancellationToken) =>
        calls.CallAsync(Feature, ConversationActorType.Name, ConversationActorType.ActorIdFor(tenant, id),
            (proxy, token) => call(new ConversationActorClient(proxy, token)), cancellationToken);
}
