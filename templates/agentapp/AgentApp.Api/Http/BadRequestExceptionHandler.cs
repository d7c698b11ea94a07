using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AgentApp.Api.Http;

/// <summary>
/// Turns the framework's request errors (unreadable JSON, wrong content type, a bad header) into ProblemDetails with
/// their own status code instead of a 500, naming the JSON field when there is one.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        var json = FindJsonException(bad);
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        var detail = json is null ? bad.Message
            : field is null ? "The request body is not valid JSON."
            : $"The request body's '{field}' is not valid JSON of the expected type.";
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request is invalid.", Detail = detail },
        };
        if (field is not null)
        {
            problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return await problems.TryWriteAsync(problem);
    }

    private static JsonException? FindJsonException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
