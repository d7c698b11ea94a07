using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>The subset of OpenAI's chat completion request the agent understands; other fields are ignored.</summary>
public sealed record ChatCompletionRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatCompletionMessage>? Messages,
    [property: JsonPropertyName("stream")] bool? Stream,
    [property: JsonPropertyName("stream_options")] ChatCompletionStreamOptions? StreamOptions,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens,
    [property: JsonPropertyName("temperature")] float? Temperature);

/// <summary>A message: <c>content</c> is a string or an array of <c>{"type":"text","text":…}</c> parts.</summary>
public sealed record ChatCompletionMessage(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] JsonElement Content);

/// <summary>Streaming options.</summary>
public sealed record ChatCompletionStreamOptions([property: JsonPropertyName("include_usage")] bool? IncludeUsage);

/// <summary>A non-streamed completion (<c>object: chat.completion</c>).</summary>
public sealed record ChatCompletion(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage);

/// <summary>A choice of a completion.</summary>
public sealed record ChatCompletionChoice(int Index, ChatCompletionResponseMessage Message, string FinishReason);

/// <summary>The assistant's message.</summary>
public sealed record ChatCompletionResponseMessage(string Role, string Content);

/// <summary>Usage, in OpenAI's names.</summary>
public sealed record ChatCompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);

/// <summary>A streamed chunk (<c>object: chat.completion.chunk</c>).</summary>
public sealed record ChatCompletionChunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChunkChoice> Choices,
    ChatCompletionUsage? Usage);

/// <summary>A streamed choice.</summary>
public sealed record ChatCompletionChunkChoice(int Index, ChatCompletionDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

/// <summary>What a chunk adds.</summary>
public sealed record ChatCompletionDelta(string? Role, string? Content);
