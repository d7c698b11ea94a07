using System.Text.Json;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>Set on a request whose JSON body asks for a stream (<c>"stream": true</c>, the OpenAI way).</summary>
public sealed class StreamRequestedInBody
{
    /// <summary>The one instance: its presence is the fact.</summary>
    public static readonly StreamRequestedInBody Instance = new();
}

/// <summary>
/// Before the rate limiter: reads a JSON request body (already bounded by <c>Gateway:MaxRequestBodyBytes</c>) for a
/// top-level <c>"stream": true</c>, so a stream asked for in the body takes a stream slot as one asked for by the
/// <c>Accept</c> header does. The body is buffered and rewound for the proxy.
/// </summary>
public sealed class StreamRequestDetection(RequestDelegate next)
{
    /// <summary>Marks the request, then continues.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasJsonContentType() && context.User.Identity?.IsAuthenticated == true)
        {
            request.EnableBuffering();
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            request.Body.Position = 0;
            if (AsksForStream(body.GetBuffer().AsSpan(0, (int)body.Length)))
            {
                context.Features.Set(StreamRequestedInBody.Instance);
            }
        }

        await next(context);
    }

    /// <summary>Whether the top-level object has <c>"stream": true</c>; a body that is not JSON asks for nothing.</summary>
    public static bool AsksForStream(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStream = reader.ValueTextEquals("stream"u8);
                reader.Read();
                if (isStream)
                {
                    return reader.TokenType == JsonTokenType.True;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
