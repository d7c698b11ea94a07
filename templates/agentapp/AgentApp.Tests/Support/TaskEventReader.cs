using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Support;

/// <summary>One server-sent event with its id.</summary>
public sealed record TaskStreamEvent(string? Id, string Type, string Data)
{
    /// <summary>The data as JSON.</summary>
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>
/// Reads a live <c>text/event-stream</c> in the background, so a test can act while events arrive and wait on what it has
/// seen; <see cref="Completion"/> ends when the server closes the stream.
/// </summary>
public sealed class TaskEventReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly ConcurrentQueue<TaskStreamEvent> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TaskEventReader(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        _response = response;
        Completion = ReadAsync(cancellationToken);
    }

    /// <summary>Events so far, in order.</summary>
    public IReadOnlyList<TaskStreamEvent> Events => [.. _events];

    /// <summary>Every event, once the server has ended the stream.</summary>
    public Task<List<TaskStreamEvent>> Completion { get; }

    /// <summary>Opens <c>GET /v1/tasks/{id}/events</c>, with <c>Last-Event-ID</c> when given, and starts reading.</summary>
    public static async Task<TaskEventReader> OpenAsync(HttpClient api, string id, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{id}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new TaskEventReader(response, cancellationToken);
    }

    /// <summary>Waits until an event satisfies <paramref name="match"/>.</summary>
    public async Task WaitForAsync(Func<TaskStreamEvent, bool> match, CancellationToken cancellationToken)
    {
        while (!_events.Any(match))
        {
            if (Completion.IsCompleted)
            {
                await Completion; // surfaces a read failure
                Assert.Fail($"The stream ended without the event awaited; it had: {string.Join(", ", _events.Select(e => $"{e.Id}/{e.Type}"))}");
            }

            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Drops the connection, as a client going away does.</summary>
    public void Dispose() => _response.Dispose();

    private async Task<List<TaskStreamEvent>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var stream = await _response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            _events.Enqueue(new TaskStreamEvent(item.EventId, item.EventType, item.Data));
            _arrived.Release();
        }

        return [.. _events];
    }
}
