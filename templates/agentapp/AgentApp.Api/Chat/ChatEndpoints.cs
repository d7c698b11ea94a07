using AgentApp.Contracts;
using AgentApp.Agent.Guardrails;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AgentApp.Api.Chat;

/// <summary><c>POST /v1/chat</c>: one turn with the agent, as JSON or as server-sent events.</summary>
public static class ChatEndpoints
{
    /// <summary>The media type that asks for a streamed answer.</summary>
    public const string EventStream = "text/event-stream";

    /// <summary>Maps <c>POST /chat</c> on the group.</summary>
    public static RouteGroupBuilder MapChat(this RouteGroupBuilder group)
    {
        group.MapPost("/chat", ChatAsync)
            .WithName("Chat")
            .WithSummary("Talk to the agent.")
            .WithDescription($"Send Accept: {EventStream} to stream the answer as server-sent events: tool_call, tool_result and " +
                             "delta as they happen, then usage and done (a ChatReply); error replaces done if the turn fails. " +
                             $"Non-streamed answers carry their token usage in the {UsageHeaders.Total}, {UsageHeaders.Input} and {UsageHeaders.Output} headers.")
            .Accepts<ChatRequest>("application/json")
            .Produces<ChatReply>()
            .Produces(StatusCodes.Status200OK, contentType: EventStream)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return group;
    }

    private static async Task<IResult> ChatAsync(ChatRequest? request, HttpContext context, ICallerIdentity caller, ChatTurnRunner turns,
        IOptions<GuardrailOptions> guardrails, CancellationToken cancellationToken)
    {
        if (Validate(request, guardrails.Value) is { } invalid)
        {
            return invalid;
        }

        var turn = await turns.StartAsync(request!.ConversationId, request.Message!, caller.Tenant, cancellationToken);
        if (turn is null)
        {
            return ApiProblems.ConversationNotFound(request.ConversationId!);
        }

        if (WantsEventStream(context.Request))
        {
            try
            {
                return TypedResults.ServerSentEvents(turns.Stream(turn, cancellationToken));
            }
            catch (GuardrailViolationException refusal)
            {
                return ApiProblems.GuardrailRefused(refusal);
            }
        }

        var outcome = await turns.CompleteAsync(turn, cancellationToken);
        switch (outcome.Failure)
        {
            case ChatTurnFailure.Refused refused:
                return ApiProblems.GuardrailRefused(refused.Refusal);
            case ChatTurnFailure.ModelFailed failed:
                return ApiProblems.ModelFailed(failed.Detail);
            case ChatTurnFailure.ConversationNotFound taken:
                return ApiProblems.ConversationNotFound(taken.ConversationId);
        }

        UsageHeaders.Write(context.Response, outcome.Usage!);
        return TypedResults.Ok(outcome.Reply);
    }

    private static IResult? Validate(ChatRequest? request, GuardrailOptions options)
    {
        if (request is null)
        {
            return ApiProblems.Invalid("body", "Send a JSON body such as {\"message\": \"Hello\"}.");
        }

        if (string.IsNullOrWhiteSpace(request.Message))
        {
            return ApiProblems.Invalid("message", "The message must not be empty.");
        }

        if (request.Message.Length > options.MaxMessageLength)
        {
            return ApiProblems.Invalid("message", $"The message must be at most {options.MaxMessageLength} characters.");
        }

        if (request.ConversationId is not null && !ConversationActorType.IsValidId(request.ConversationId))
        {
            return ApiProblems.Invalid("conversationId",
                $"A conversation id is 1-{ConversationActorType.MaxIdLength} letters, digits, '-' or '_', starting with a letter or digit.");
        }

        return null;
    }

    private static bool WantsEventStream(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase));
}
