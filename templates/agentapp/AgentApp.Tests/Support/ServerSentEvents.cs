using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Support;

/// <summary>One parsed server-sent event.</summary>
public sealed record ServerSentEvent(string Type, string Data)
{
    /// <summary>The data as JSON.</summary>
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>Reads a whole <c>text/event-stream</c> response.</summary>
public static class ServerSentEvents
{
    /// <summary>Every event until the server ends the stream.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = new List<ServerSentEvent>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            events.Add(new ServerSentEvent(item.EventType, item.Data));
        }

        return events;
    }
}
