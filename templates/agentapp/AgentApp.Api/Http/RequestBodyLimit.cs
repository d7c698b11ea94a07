namespace AgentApp.Api.Http;

/// <summary>
/// Answers 413 ProblemDetails for a request body over the limit, whether it declares its length or arrives chunked, before
/// any endpoint reads it. Server-level limits differ per host (Kestrel, IIS, the test server); this one does not.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, long maxBytes)
{
    /// <summary>Runs the check.</summary>
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var request = context.Request;
        if (request.ContentLength is { } declared ? declared > maxBytes : await ChunkedBodyExceedsAsync(request))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"Send at most {maxBytes} bytes.",
                },
            });
            return;
        }

        await next(context);
    }

    private async Task<bool> ChunkedBodyExceedsAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method))
        {
            return false;
        }

        // Buffer for the endpoint to re-read; the loop below stops one read past the limit, which bounds the buffer.
        // (No bufferLimit: FileBufferingReadStream throws mid-read when a chunk crosses it, which would surface as a 500.)
        request.EnableBuffering(bufferThreshold: 64 * 1024);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return true;
            }
        }

        request.Body.Position = 0;
        return false;
    }
}

/// <summary>Adds <see cref="RequestBodyLimit"/>.</summary>
public static class RequestBodyLimitExtensions
{
    /// <summary>Rejects bodies over <paramref name="maxBytes"/> with 413.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.UseMiddleware<RequestBodyLimit>(maxBytes);
}
