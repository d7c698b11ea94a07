using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Telemetry;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>
/// <c>POST /v1/chat/completions</c>: enough of OpenAI's API that any OpenAI SDK can talk to the agent (its tools run
/// here; the client sees the answer). Stateless: the client sends the whole conversation, as with OpenAI.
/// </summary>
public static class ChatCompletionEndpoints
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Dictionary<string, ChatRole> s_roles = new(StringComparer.Ordinal)
    {
        ["system"] = ChatRole.System,
        ["developer"] = ChatRole.System,
        ["user"] = ChatRole.User,
        ["assistant"] = ChatRole.Assistant,
    };

    /// <summary>Maps <c>POST /chat/completions</c> on the group.</summary>
    public static RouteGroupBuilder MapChatCompletions(this RouteGroupBuilder group)
    {
        group.MapPost("/chat/completions", CompleteAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completions (messages, stream, max_tokens; model is reported, not chosen).")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<ChatCompletion>()
            .Produces(StatusCodes.Status200OK, contentType: Chat.ChatEndpoints.EventStream)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return group;
    }

    // The caller is resolved up front so a malformed forwarded identity is a 400 here, not a failure inside the agent.
    private static async Task<IResult> CompleteAsync(ChatCompletionRequest? request, HttpContext context, IChatClient agent,
        ICallerIdentity caller, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (ToMessages(request) is not { } messages)
        {
            return Invalid(request);
        }

        var options = new ChatOptions { MaxOutputTokens = request!.MaxCompletionTokens ?? request.MaxTokens, Temperature = request.Temperature };
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        // The model that answers is the configured one, whatever the request names.
        var model = agent.GetService<ChatClientMetadata>()?.DefaultModelId ?? request.Model ?? "agent";
        if (request.Stream == true)
        {
            IAsyncEnumerable<ChatResponseUpdate> stream;
            try
            {
                // Guardrails check the input when the stream is opened, before the status line is sent.
                stream = agent.GetStreamingResponseAsync(messages, options, cancellationToken);
            }
            catch (GuardrailViolationException refusal)
            {
                return ApiProblems.GuardrailRefused(refusal);
            }

            return TypedResults.ServerSentEvents(StreamAsync(stream, id, created, model, request.StreamOptions?.IncludeUsage == true,
                loggers.CreateLogger(typeof(ChatCompletionEndpoints)), cancellationToken));
        }

        ChatResponse response;
        try
        {
            response = await agent.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (GuardrailViolationException refusal)
        {
            return ApiProblems.GuardrailRefused(refusal);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(ChatCompletionEndpoints)).LogError(ex, "The chat model failed");
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The chat model failed.",
                detail: "The model provider did not answer; try again later.");
        }

        var usage = response.Usage ?? new UsageDetails();
        UsageHeaders.Write(context.Response, usage);
        return TypedResults.Json(new ChatCompletion(id, "chat.completion", created, response.ModelId ?? model,
            [new ChatCompletionChoice(0, new ChatCompletionResponseMessage("assistant", response.Text), FinishReason(response.FinishReason))],
            Usage(usage)), s_json);
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(IAsyncEnumerable<ChatResponseUpdate> stream,
        string id, long created, string model, bool includeUsage, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var usage = new UsageDetails();
        ChatFinishReason? finish = null;
        var failed = false;
        yield return Chunk(new ChatCompletionChunkChoice(0, new ChatCompletionDelta("assistant", ""), null));
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The status line is gone: say it the way OpenAI does mid-stream, with an error object and no [DONE].
                logger.LogError(ex, "The chat model failed while streaming");
                failed = true;
                break;
            }

            var update = updates.Current;
            finish = update.FinishReason ?? finish;
            foreach (var used in update.Contents.OfType<UsageContent>())
            {
                usage.Add(used.Details);
            }

            // Only the reply goes out: the agent's own tool calls are its business, not the client's.
            if (update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
            {
                yield return Chunk(new ChatCompletionChunkChoice(0, new ChatCompletionDelta(null, text), null));
            }
        }

        if (failed)
        {
            yield return new SseItem<string>("""{"error":{"message":"The chat model failed; try again later.","type":"server_error"}}""");
            yield break;
        }

        yield return Chunk(new ChatCompletionChunkChoice(0, new ChatCompletionDelta(null, null), FinishReason(finish)));
        if (includeUsage)
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(
                new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [], Usage(usage)), s_json));
        }

        yield return new SseItem<string>("[DONE]");

        SseItem<string> Chunk(ChatCompletionChunkChoice choice) => new(JsonSerializer.Serialize(
            new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [choice], null), s_json));
    }

    private static List<ChatMessage>? ToMessages(ChatCompletionRequest? request)
    {
        if (request?.Messages is not { Count: > 0 } messages)
        {
            return null;
        }

        var result = new List<ChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role is null || !s_roles.TryGetValue(message.Role, out var role) || TextOf(message.Content) is not { } text)
            {
                return null;
            }

            result.Add(new ChatMessage(role, text));
        }

        return result.Any(m => m.Role == ChatRole.User && !string.IsNullOrWhiteSpace(m.Text)) ? result : null;
    }

    private static IResult Invalid(ChatCompletionRequest? request)
    {
        if (request?.Messages is not { Count: > 0 } messages)
        {
            return ApiProblems.Invalid("messages", "Send at least one message.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role is not { } role || !s_roles.ContainsKey(role))
            {
                return ApiProblems.Invalid($"messages[{i}].role",
                    $"Use system, developer, user or assistant (tool messages are not accepted: the agent runs its own tools).");
            }

            if (TextOf(messages[i].Content) is null)
            {
                return ApiProblems.Invalid($"messages[{i}].content", "Content is a string or an array of text parts.");
            }
        }

        return ApiProblems.Invalid("messages", "Send at least one user message with text.");
    }

    private static string? TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array when content.EnumerateArray().All(IsTextPart) =>
            string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };

    private static bool IsTextPart(JsonElement part) =>
        part.ValueKind == JsonValueKind.Object
        && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"
        && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String;

    private static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    private static ChatCompletionUsage Usage(UsageDetails usage) => new(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0,
        usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0));
}
