using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentApp.Api.Http;

/// <summary>The API's ProblemDetails answers, so every endpoint words its errors the same way.</summary>
public static class ApiProblems
{
    /// <summary>400 naming the field at fault.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            detail: message, title: $"The request's '{field}' is invalid.");

    /// <summary>404 for a conversation that does not exist for this caller.</summary>
    public static ProblemHttpResult ConversationNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation not found.",
            detail: $"There is no conversation '{id}' for this tenant.");

    /// <summary>503 when conversation memory cannot be reached; <paramref name="detail"/> names the fix.</summary>
    public static ProblemHttpResult MemoryUnavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Conversation memory is unavailable.",
            detail: detail);

    /// <summary>422 for a request a guardrail refused, naming the rule (also in the <c>rule</c> extension).</summary>
    public static ProblemHttpResult GuardrailRefused(Agent.Guardrails.GuardrailViolationException refusal) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: $"Refused by the guardrail '{refusal.Rule}'.", detail: refusal.Message,
            extensions: new Dictionary<string, object?> { ["rule"] = refusal.Rule });

    /// <summary>502 when the chat model failed; <paramref name="detail"/> says how.</summary>
    public static ProblemHttpResult ModelFailed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: Agent.Providers.ChatModelFailure.Title, detail: detail);

    /// <summary>401 for a call that did not come through the gateway.</summary>
    public static ProblemHttpResult NotFromGateway(string header) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Call the api through the gateway.",
            detail: $"This api accepts calls only from the gateway, which proves itself with {header}.");
}
