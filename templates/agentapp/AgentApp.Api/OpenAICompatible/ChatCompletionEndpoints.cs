using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Providers;
using AgentApp.Api.Chat;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>: enough of OpenAI's API that the OpenAI SDKs work as they do
/// against OpenAI. Stateless: the client sends the whole conversation. Without client <c>tools</c> the agent uses its own
/// tools and the client sees only the answer; with them, the client's tools replace the agent's for that request and the
/// model's calls go back to the client as <c>tool_calls</c>. Errors have OpenAI's shape (<see cref="OpenAIErrorWriter"/>).
/// </summary>
public static class ChatCompletionEndpoints
{
    /// <summary>
    /// How long a failed stream stays open after its last bytes: Kestrel's abort drops output not yet handed to the socket,
    /// and a proxy in between cuts its client as soon as it sees the cut. Only a failed stream waits, and nothing reads.
    /// </summary>
    private static readonly TimeSpan s_lingerBeforeCut = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Maps <c>POST /chat/completions</c> and <c>GET /models</c> on the group.</summary>
    public static RouteGroupBuilder MapChatCompletions(this RouteGroupBuilder group)
    {
        group.MapPost("/chat/completions", CompleteAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completions: messages (with tool calls and results), tools, tool_choice, " +
                         "parallel_tool_calls, stream, max_tokens; model is reported, not chosen.")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<ChatCompletion>()
            .Produces(StatusCodes.Status200OK, contentType: ChatEndpoints.EventStream)
            .Produces<OpenAIErrorWriter.OpenAIErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAIErrorWriter.OpenAIErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAIErrorWriter.OpenAIErrorBody>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<OpenAIErrorWriter.OpenAIErrorBody>(StatusCodes.Status422UnprocessableEntity)
            .Produces<OpenAIErrorWriter.OpenAIErrorBody>(StatusCodes.Status502BadGateway);
        group.MapGet("/models", ListModels)
            .WithName("ListModels")
            .WithSummary("OpenAI-compatible model list: the model the agent is configured with.")
            .Produces<ModelList>();
        return group;
    }

    private static IResult ListModels(IChatClient agent, ChatProviderSettings settings, TimeProvider time) =>
        TypedResults.Json(new ModelList("list",
            [new ModelEntry(ModelOf(agent), "model", time.GetUtcNow().ToUnixTimeSeconds(), settings.Provider)]), s_json);

    // The caller is resolved up front so a malformed forwarded identity is a 400 here, not a failure inside the agent.
    private static async Task<IResult> CompleteAsync(ChatCompletionRequest? request, HttpContext context, IChatClient agent,
        ICallerIdentity caller, ChatModelFailure failures, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (input, error) = ChatCompletionInputReader.Read(request);
        if (error is not null)
        {
            return ApiProblems.Invalid(error.Field, error.Message);
        }

        var logger = loggers.CreateLogger(typeof(ChatCompletionEndpoints));
        var reply = new ChatCompletionReply($"chatcmpl-{Guid.NewGuid():N}", time.GetUtcNow().ToUnixTimeSeconds(), ModelOf(agent),
            input!.ClientTools);
        try
        {
            if (request!.Stream == true)
            {
                // Guardrails check the input when the stream is opened, and the model's first output is awaited before
                // the status line: a failure up to there is an error status, not a 200 with an error inside.
                var opened = await OpenedStream.OpenAsync(agent.GetStreamingResponseAsync(input.Messages, input.Options, cancellationToken),
                    reply.IsVisible, cancellationToken);
                return TypedResults.ServerSentEvents(StreamAsync(opened, reply, request.StreamOptions?.IncludeUsage == true,
                    failures, logger, context, cancellationToken));
            }

            var response = await agent.GetResponseAsync(input.Messages, input.Options, cancellationToken);
            var usage = response.Usage ?? new UsageDetails();
            UsageHeaders.Write(context.Response, usage);
            return TypedResults.Json(reply.Completion(response), s_json);
        }
        catch (GuardrailViolationException refusal)
        {
            return ApiProblems.GuardrailRefused(refusal);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The chat model failed");
            return ApiProblems.ModelFailed(failures.Describe(ex));
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(OpenedStream stream, ChatCompletionReply reply, bool includeUsage,
        ChatModelFailure failures, ILogger logger, HttpContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var _ = stream;
        var usage = new UsageDetails();
        ChatFinishReason? finish = null;
        Exception? failure = null;
        yield return Item(reply.Chunk(new ChatCompletionDelta("assistant", ""), null));
        while (true)
        {
            ChatResponseUpdate? update;
            try
            {
                update = await stream.NextAsync();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                break;
            }

            if (update is null)
            {
                break;
            }

            finish = update.FinishReason ?? finish;
            foreach (var used in update.Contents.OfType<UsageContent>())
            {
                usage.Add(used.Details);
            }

            foreach (var delta in reply.Deltas(update))
            {
                yield return Item(reply.Chunk(delta, null));
            }
        }

        if (failure is not null)
        {
            // The status line is gone. The error object is what OpenAI sends mid-stream (the Python and JS SDKs raise on
            // it); then the connection is cut without the end of the chunked body, so every HTTP client, the .NET SDK and
            // OpenAIChatClient included, fails the read instead of taking a cut-off answer for a whole one.
            logger.LogError(failure, "The chat model failed while streaming");
            yield return new SseItem<string>(JsonSerializer.Serialize(new OpenAIErrorWriter.OpenAIErrorBody(
                new OpenAIErrorWriter.OpenAIError(failures.Describe(failure), OpenAIErrorWriter.TypeOf(StatusCodes.Status502BadGateway), null, null))));
            await context.Response.Body.FlushAsync(CancellationToken.None);
            // Aborting drops what the server has not yet handed to the socket; linger briefly (as SO_LINGER would) so the
            // last tokens and the error object reach the client (and a proxy between passes them on) before the cut.
            await Task.Delay(s_lingerBeforeCut, CancellationToken.None);
            context.Abort();
            yield break;
        }

        yield return Item(reply.Chunk(new ChatCompletionDelta(null, null), reply.FinishReason(finish)));
        if (includeUsage)
        {
            yield return Item(reply.UsageChunk(usage));
        }

        yield return new SseItem<string>("[DONE]");
    }

    private static SseItem<string> Item(object chunk) => new(JsonSerializer.Serialize(chunk, s_json));

    // The model that answers is the configured one, whatever the request names.
    private static string ModelOf(IChatClient agent) => agent.GetService<ChatClientMetadata>()?.DefaultModelId ?? "agent";
}
