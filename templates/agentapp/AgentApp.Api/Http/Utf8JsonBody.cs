using System.Buffers;
using System.Text.Unicode;

namespace AgentApp.Api.Http;

/// <summary>
/// Answers 400, naming the byte where it goes wrong, for a JSON body that is not UTF-8 (RFC 8259 requires it) before any
/// endpoint reads it: the JSON reader checks the structure, not the bytes inside strings, so invalid text would otherwise
/// surface later, as a failure deep in an endpoint. Runs after <see cref="RequestBodyLimit"/>, so the body it reads is
/// bounded; the endpoint re-reads it from the buffer.
/// </summary>
public sealed class Utf8JsonBody(RequestDelegate next, ILogger<Utf8JsonBody> logger)
{
    /// <summary>Runs the check.</summary>
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var request = context.Request;
        if (request.HasJsonContentType() && await FirstInvalidByteAsync(request) is { } offset)
        {
            var detail = $"The request body is not valid UTF-8: the byte at offset {offset} does not begin or continue a character. Send JSON encoded as UTF-8.";
            logger.LogInformation("Refused a JSON body with invalid UTF-8 at byte {Offset}", offset);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is invalid.",
                    Detail = detail,
                    Extensions = { ["errors"] = new Dictionary<string, string[]> { ["body"] = [detail] } },
                },
            });
            return;
        }

        await next(context);
    }

    private static async Task<long?> FirstInvalidByteAsync(HttpRequest request)
    {
        request.EnableBuffering(bufferThreshold: 64 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long consumed = 0;
            var pending = 0; // bytes of a character split across two reads, moved to the front of the buffer
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(pending), request.HttpContext.RequestAborted)) > 0 || pending > 0)
            {
                var bytes = buffer.AsSpan(0, pending + read);
                var valid = ValidPrefixLength(bytes, final: read == 0, out var invalid);
                if (invalid)
                {
                    return consumed + valid;
                }

                if (read == 0)
                {
                    break;
                }

                consumed += valid;
                pending = bytes.Length - valid;
                bytes[valid..].CopyTo(buffer);
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            request.Body.Position = 0;
        }
    }

    // The length of the valid UTF-8 that starts bytes; an incomplete character at the end is invalid only at the end.
    private static int ValidPrefixLength(ReadOnlySpan<byte> bytes, bool final, out bool invalid)
    {
        Span<char> sink = stackalloc char[1024];
        var valid = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[valid..], sink, out var bytesRead, out _, replaceInvalidSequences: false, isFinalBlock: final);
            valid += bytesRead;
            switch (status)
            {
                case System.Buffers.OperationStatus.DestinationTooSmall:
                    continue;
                case System.Buffers.OperationStatus.InvalidData:
                    invalid = true;
                    return valid;
                default:
                    invalid = false;
                    return valid;
            }
        }
    }
}

/// <summary>Adds <see cref="Utf8JsonBody"/>.</summary>
public static class Utf8JsonBodyExtensions
{
    /// <summary>Refuses JSON bodies that are not UTF-8 with a 400 that says where.</summary>
    public static IApplicationBuilder UseUtf8JsonBodies(this IApplicationBuilder app) => app.UseMiddleware<Utf8JsonBody>();
}
