using Dapr.Actors;

namespace AgentApp.Contracts;

/// <summary>
/// One conversation's history, held by a Dapr actor so it survives restarts and scales out. Dapr runs one call at a time
/// per actor id (turn-based concurrency), so concurrent turns on one conversation never lose a message.
/// Every call names the caller's tenant: a conversation belongs to the tenant that started it, and looks absent to others.
/// </summary>
public interface IConversationActor : IActor
{
    /// <summary>The history as <paramref name="tenant"/> may see it; a conversation of another tenant shows only that.</summary>
    Task<ConversationView> GetAsync(string tenant);

    /// <summary>Appends messages in order, creating the conversation for the request's tenant when it does not exist yet.</summary>
    Task<AppendResult> AppendAsync(AppendRequest request);

    /// <summary>Deletes the conversation; false when it does not exist or belongs to another tenant.</summary>
    Task<bool> DeleteAsync(string tenant);
}
