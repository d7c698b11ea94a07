using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Model;

namespace AgentApp.Gateway.RateLimiting;

/// <summary>Which requests open a Server-Sent-Events stream and so count against concurrent streams.</summary>
public static class StreamingRequests
{
    /// <summary>Route metadata (<c>ReverseProxy:Routes:&lt;id&gt;:Metadata:Streaming</c>) for routes that always stream.</summary>
    public const string MetadataKey = "Streaming";

    /// <summary>
    /// The route always streams, the body asks for a stream (<see cref="StreamRequestDetection"/>), or the client accepts
    /// <c>text/event-stream</c>: what the request asks for, however it asks.
    /// </summary>
    public static bool IsStream(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        if (route?.Config.Metadata?.GetValueOrDefault(MetadataKey) is { } streaming
            && bool.TryParse(streaming, out var always) && always)
        {
            return true;
        }

        return context.Features.Get<StreamRequestedInBody>() is not null
            || context.Request.Headers[HeaderNames.Accept].Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
    }
}
