namespace AgentApp.Gateway;

/// <summary>
/// Writes the edge's refusals as ProblemDetails, whatever the client's <c>Accept</c> (an SSE client gets JSON too); on the
/// OpenAI-compatible paths in OpenAI's error shape (<see cref="OpenAIErrorWriter"/>).
/// </summary>
public static class EdgeProblem
{
    /// <summary>Sets <paramref name="status"/> and writes the problem; <paramref name="code"/> is a machine-readable reason.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string? code = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (code is not null)
        {
            problem.ProblemDetails.Extensions["code"] = code;
        }

        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(problem))
        {
            // The service declines when Accept rules out JSON; the status alone would leave the client guessing.
            await Results.Problem(problem.ProblemDetails).ExecuteAsync(context);
        }
    }
}
