using AgentApp.Contracts;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using AgentApp.Api.Memory;

namespace AgentApp.Api.Conversations;

/// <summary><c>GET</c> and <c>DELETE /v1/conversations/{id}</c>: a tenant's conversation history.</summary>
public static class ConversationEndpoints
{
    /// <summary>A conversation's history.</summary>
    /// <param name="ConversationId">The conversation.</param>
    /// <param name="Messages">The kept messages, oldest first (user, tool and assistant).</param>
    /// <param name="TrimmedCount">Older messages dropped to stay within the token budget.</param>
    /// <param name="CreatedAt">When it started.</param>
    /// <param name="UpdatedAt">When it was last written.</param>
    public sealed record ConversationHistory(string ConversationId, IReadOnlyList<ConversationMessage> Messages, int TrimmedCount,
        DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);

    /// <summary>Maps the conversation endpoints on the group.</summary>
    public static RouteGroupBuilder MapConversations(this RouteGroupBuilder group)
    {
        var conversations = group.MapGroup("/conversations").WithTags("Conversations");
        conversations.MapGet("/{id}", GetAsync)
            .WithName("GetConversation")
            .WithSummary("A conversation's history.")
            .Produces<ConversationHistory>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        conversations.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteConversation")
            .WithSummary("Deletes a conversation.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> GetAsync(string id, ICallerIdentity caller, ConversationMemory memory, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var read = await memory.GetAsync(id, caller.Tenant, cancellationToken);
        return read switch
        {
            { Problem: { } problem } => ApiProblems.MemoryUnavailable(problem),
            { Value: { Access: ConversationAccess.Owner } view } => TypedResults.Ok(
                new ConversationHistory(id, view.Messages, view.TrimmedCount, view.CreatedAt, view.UpdatedAt)),
            _ => ApiProblems.ConversationNotFound(id),
        };
    }

    private static async Task<IResult> DeleteAsync(string id, ICallerIdentity caller, ConversationMemory memory, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var deleted = await memory.DeleteAsync(id, caller.Tenant, cancellationToken);
        return deleted switch
        {
            { Problem: { } problem } => ApiProblems.MemoryUnavailable(problem),
            { Value: true } => TypedResults.NoContent(),
            _ => ApiProblems.ConversationNotFound(id),
        };
    }

    private static IResult? InvalidId(string id) => ConversationActorType.IsValidId(id)
        ? null
        : ApiProblems.Invalid("id", $"A conversation id is 1-{ConversationActorType.MaxIdLength} letters, digits, '-' or '_', starting with a letter or digit.");
}
