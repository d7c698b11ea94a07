namespace AgentApp.Contracts;

/// <summary>One message of a conversation.</summary>
/// <param name="Role">One of <see cref="ConversationRoles"/>.</param>
/// <param name="Text">What was said; for a tool message, the tool's result.</param>
/// <param name="At">When it was said.</param>
/// <param name="ToolName">For a tool message, the tool that produced it.</param>
public sealed record ConversationMessage(string Role, string Text, DateTimeOffset At, string? ToolName = null);

/// <summary>A request to append messages to a conversation on behalf of a tenant.</summary>
/// <param name="Tenant">The caller's tenant; the first append makes it the owner.</param>
/// <param name="Messages">The messages to append, oldest first.</param>
public sealed record AppendRequest(string Tenant, IReadOnlyList<ConversationMessage> Messages);

/// <summary>What an append did.</summary>
/// <param name="Accepted">False when the conversation belongs to another tenant; nothing was stored.</param>
/// <param name="MessageCount">Messages held after the append (and any trimming).</param>
/// <param name="TrimmedCount">Messages dropped so far to keep the history within its token budget.</param>
public sealed record AppendResult(bool Accepted, int MessageCount, int TrimmedCount);

/// <summary>A conversation as one tenant may see it.</summary>
/// <param name="Access">Whether the caller owns it, it does not exist, or another tenant holds it (then nothing else is filled in).</param>
/// <param name="Messages">The kept history, oldest first.</param>
/// <param name="TrimmedCount">Older messages dropped to keep the history within its token budget.</param>
/// <param name="CreatedAt">When the first message arrived.</param>
/// <param name="UpdatedAt">When the last message arrived.</param>
public sealed record ConversationView(
    ConversationAccess Access, IReadOnlyList<ConversationMessage> Messages, int TrimmedCount, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt)
{
    /// <summary>What a caller sees of a conversation it cannot read.</summary>
    public static ConversationView Denied(ConversationAccess access) => new(access, [], 0, null, null);
}

/// <summary>How a tenant stands towards a conversation id.</summary>
public enum ConversationAccess
{
    /// <summary>No conversation has this id: the next append creates it.</summary>
    None,

    /// <summary>The caller's tenant owns it.</summary>
    Owner,

    /// <summary>Another tenant owns it: callers answer as if it did not exist (404) and must not append.</summary>
    OtherTenant,
}

/// <summary>The roles a <see cref="ConversationMessage"/> can have.</summary>
public static class ConversationRoles
{
    /// <summary>The person talking to the agent.</summary>
    public const string User = "user";

    /// <summary>The agent's reply.</summary>
    public const string Assistant = "assistant";

    /// <summary>A tool's result during a turn.</summary>
    public const string Tool = "tool";
}

/// <summary>How callers address conversation actors.</summary>
public static class ConversationActorType
{
    /// <summary>The Dapr actor type name, as registered by the actor host and used by proxies.</summary>
    public const string Name = "ConversationActor";

    /// <summary>The longest conversation id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// Ids are URL path segments at the sidecar: letters, digits, '-' and '_', starting with a letter or digit,
    /// at most <see cref="MaxIdLength"/> characters.
    /// </summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A new conversation id: what a turn without one gets, and the recommended way to start a conversation.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The actor that holds <paramref name="tenant"/>'s conversation <paramref name="id"/>: ids are scoped per tenant, so the
    /// same id in two tenants is two conversations and no answer tells one tenant whether another uses an id. Tenants may
    /// hold '.', conversation ids never do, so the last '.' separates them unambiguously.
    /// </summary>
    public static string ActorIdFor(string tenant, string id) => $"{tenant}.{id}";
}
