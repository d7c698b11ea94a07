using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentApp.Web.SignIn;

namespace AgentApp.Web.Gateway;

/// <summary>One server-sent event: its type, its id (if any) and its JSON data.</summary>
public sealed record GatewayEvent(string Type, string? Id, string Data)
{
    /// <summary>The data as <typeparamref name="T"/>.</summary>
    public T Read<T>() => JsonSerializer.Deserialize<T>(Data, JsonSerializerOptions.Web)
        ?? throw new JsonException($"The '{Type}' event has no data.");
}

/// <summary>
/// The api as the console reaches it: through the gateway, with the signed-in person's credentials added on the server.
/// Failed calls throw <see cref="GatewayProblemException"/> carrying the service's own ProblemDetails.
/// </summary>
public sealed class GatewayClient(HttpClient http, GatewayCredentials credentials)
{
    /// <summary>The name of the <see cref="HttpClient"/> registration.</summary>
    public const string HttpClientName = "gateway";

    private const string EventStream = "text/event-stream";

    /// <summary>Streams one chat turn: tool_call, tool_result and delta events, then usage and done (or error).</summary>
    public async IAsyncEnumerable<GatewayEvent> StreamChatAsync(string? conversationId, string message,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat")
        {
            Content = JsonContent.Create(new { conversationId, message }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(EventStream));
        await foreach (var item in EventsAsync(request, cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>A conversation's history.</summary>
    public Task<ConversationHistory> GetConversationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ConversationHistory>(new HttpRequestMessage(HttpMethod.Get, $"/v1/conversations/{Uri.EscapeDataString(id)}"), cancellationToken);

    /// <summary>The task modes the api offers, if it names any in <c>GET /v1/info</c> (<c>modes</c>).</summary>
    public async Task<IReadOnlyList<string>> GetTaskModesAsync(CancellationToken cancellationToken)
    {
        var info = await SendAsync<JsonElement>(new HttpRequestMessage(HttpMethod.Get, "/v1/info"), cancellationToken);
        return info.ValueKind == JsonValueKind.Object && info.TryGetProperty("modes", out var modes) && modes.ValueKind == JsonValueKind.Array
            ? [.. modes.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!)]
            : [];
    }

    /// <summary>Submits a task; <paramref name="mode"/> is sent only when chosen.</summary>
    public Task<TaskAccepted> SubmitTaskAsync(string goal, string? mode, CancellationToken cancellationToken) =>
        SendAsync<TaskAccepted>(new HttpRequestMessage(HttpMethod.Post, "/v1/tasks")
        {
            Content = string.IsNullOrEmpty(mode) ? JsonContent.Create(new { goal }) : JsonContent.Create(new { goal, mode }),
        }, cancellationToken);

    /// <summary>A task now.</summary>
    public Task<TaskDetails> GetTaskAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<TaskDetails>(new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{Uri.EscapeDataString(id)}"), cancellationToken);

    /// <summary>Cancels a task.</summary>
    public Task<TaskControlResult> CancelTaskAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<TaskControlResult>(new HttpRequestMessage(HttpMethod.Post, $"/v1/tasks/{Uri.EscapeDataString(id)}/cancel"), cancellationToken);

    /// <summary>Approves or rejects the tool call a task waits on.</summary>
    public Task<TaskControlResult> DecideAsync(string id, bool approved, string? comment, CancellationToken cancellationToken) =>
        SendAsync<TaskControlResult>(new HttpRequestMessage(HttpMethod.Post, $"/v1/tasks/{Uri.EscapeDataString(id)}/approval")
        {
            Content = JsonContent.Create(new { approved, comment = string.IsNullOrWhiteSpace(comment) ? null : comment }),
        }, cancellationToken);

    /// <summary>
    /// A task's events from after <paramref name="lastEventId"/> (from a snapshot when null) until the stream ends; the
    /// caller reconnects with the last id it saw.
    /// </summary>
    public IAsyncEnumerable<GatewayEvent> TaskEventsAsync(string id, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/tasks/{Uri.EscapeDataString(id)}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(EventStream));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return EventsAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<GatewayEvent> EventsAsync(HttpRequestMessage request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (request)
        {
            await credentials.ApplyAsync(request);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new GatewayProblemException(await GatewayProblem.ReadAsync(response, cancellationToken));
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
            {
                yield return new GatewayEvent(item.EventType, item.EventId, item.Data);
            }
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            await credentials.ApplyAsync(request);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new GatewayProblemException(await GatewayProblem.ReadAsync(response, cancellationToken));
            }

            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken)
                ?? throw new GatewayProblemException(new GatewayProblem((int)response.StatusCode, "The gateway sent an empty answer.", null));
        }
    }
}
