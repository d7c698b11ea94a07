using System.Text.Json;
using System.Text.Json.Nodes;
using AgentApp.Gateway.RateLimiting;

namespace AgentApp.Gateway.Quotas;

/// <summary>
/// A streamed OpenAI chat completion reports its tokens only when asked (<c>stream_options.include_usage</c>), and the
/// quota must count every token: the gateway asks on the client's behalf, and <see cref="SseUsageObserver"/> takes the
/// usage chunk out of the stream again when the client did not ask for it, so the client sees what it asked for.
/// </summary>
public static class OpenAIUsageRequest
{
    /// <summary>The OpenAI protocol's path for chat completions.</summary>
    public const string CompletionsPath = "/chat/completions";

    /// <summary>
    /// For a streamed completion whose body does not ask for usage: rewrites the (buffered, size-bounded) body to ask,
    /// and returns true, meaning the client's stream must not carry the usage chunk.
    /// </summary>
    public static async Task<bool> AskForUsageAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<StreamRequestedInBody>() is null || !request.Path.Value!.EndsWith(CompletionsPath, StringComparison.Ordinal))
        {
            return false;
        }

        request.Body.Position = 0;
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        request.Body.Position = 0;
        if (body is null || body["stream_options"] is JsonObject { } asked && asked["include_usage"] is JsonValue v && v.TryGetValue(out bool yes) && yes)
        {
            return false;
        }

        if (body["stream_options"] is JsonObject options)
        {
            options["include_usage"] = true;
        }
        else
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        var rewritten = JsonSerializer.SerializeToUtf8Bytes(body);
        request.Body = new MemoryStream(rewritten, writable: false);
        request.ContentLength = rewritten.Length;
        return true;
    }
}
