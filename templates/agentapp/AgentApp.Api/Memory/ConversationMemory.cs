using AgentApp.Contracts;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace AgentApp.Api.Memory;

/// <summary>What a call to conversation memory came to.</summary>
/// <typeparam name="T">The actor's answer.</typeparam>
/// <param name="Value">The answer, when memory was reachable.</param>
/// <param name="Problem">Why memory could not be used, with the fix; null on success.</param>
public sealed record MemoryResult<T>(T? Value, string? Problem)
{
    /// <summary>Whether memory answered.</summary>
    public bool IsAvailable => Problem is null;
}

/// <summary>
/// The api's side of conversation memory: calls to <see cref="IConversationActor"/> through the Dapr sidecar,
/// answering "unavailable, and here is the fix" instead of throwing when there is no sidecar.
/// </summary>
public sealed class ConversationMemory(IActorProxyFactory proxies, DaprSidecar sidecar, ILogger<ConversationMemory> logger)
{
    /// <summary>The conversation as <paramref name="tenant"/> may see it.</summary>
    public Task<MemoryResult<ConversationView>> GetAsync(string id, string tenant, CancellationToken cancellationToken) =>
        CallAsync(id, tenant, actor => actor.GetAsync(tenant), cancellationToken);

    /// <summary>Appends messages for <paramref name="tenant"/>.</summary>
    public Task<MemoryResult<AppendResult>> AppendAsync(string id, string tenant, IReadOnlyList<ConversationMessage> messages,
        CancellationToken cancellationToken) =>
        CallAsync(id, tenant, actor => actor.AppendAsync(new AppendRequest(tenant, messages)), cancellationToken);

    /// <summary>Deletes the conversation if <paramref name="tenant"/> owns it.</summary>
    public Task<MemoryResult<bool>> DeleteAsync(string id, string tenant, CancellationToken cancellationToken) =>
        CallAsync(id, tenant, actor => actor.DeleteAsync(tenant), cancellationToken);

    // Each tenant's conversations are actors of their own (the actor still checks its owner: a second line of defence).
    private async Task<MemoryResult<T>> CallAsync<T>(string id, string tenant, Func<IConversationActor, Task<T>> call,
        CancellationToken cancellationToken)
    {
        if (!await sidecar.IsAvailableAsync(cancellationToken))
        {
            return new MemoryResult<T>(default, sidecar.UnavailableMessage);
        }

        try
        {
            var actor = ConversationActorClient.For(proxies, tenant, id, cancellationToken);
            return new MemoryResult<T>(await call(actor), null);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Dapr sidecar at {Endpoint} unreachable for conversation {ConversationId}", sidecar.Endpoint, id);
            sidecar.ReportUnreachable();
            return new MemoryResult<T>(default, sidecar.UnavailableMessage);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The sidecar answered but the actor call failed or timed out: the actors service or its sidecar is not serving.
            logger.LogWarning(ex, "Conversation actor call failed for {ConversationId}", id);
            return new MemoryResult<T>(default,
                $"Conversation memory did not answer: the Dapr sidecar at {sidecar.Endpoint} is up, but the call to the conversation actor failed ({ex.GetType().Name}). Check that the actors service and its sidecar are running.");
        }
    }
}
