using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>
/// The subset of OpenAI's chat completion request the agent understands; other fields are ignored. Numbers outside
/// OpenAI's ranges are refused with 400 naming the field: <c>max_tokens</c> and <c>max_completion_tokens</c> at least 1,
/// <c>temperature</c> 0-2, <c>top_p</c> 0-1, <c>n</c> 1 (one choice is all this endpoint returns).
/// </summary>
public sealed record ChatCompletionRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatCompletionMessage>? Messages,
    [property: JsonPropertyName("stream")] bool? Stream,
    [property: JsonPropertyName("stream_options")] ChatCompletionStreamOptions? StreamOptions,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens,
    [property: JsonPropertyName("temperature")] float? Temperature,
    [property: JsonPropertyName("tools")] IReadOnlyList<ChatCompletionTool>? Tools = null,
    [property: JsonPropertyName("tool_choice")] JsonElement? ToolChoice = null,
    [property: JsonPropertyName("parallel_tool_calls")] bool? ParallelToolCalls = null,
    [property: JsonPropertyName("top_p")] float? TopP = null,
    [property: JsonPropertyName("n")] int? N = null);

/// <summary>
/// A message: <c>content</c> is a string, an array of <c>{"type":"text","text":…}</c> parts, or null (an assistant turn
/// that only calls tools). Assistant turns may carry <c>tool_calls</c>; <c>tool</c> turns answer one by <c>tool_call_id</c>.
/// </summary>
public sealed record ChatCompletionMessage(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] JsonElement Content,
    [property: JsonPropertyName("tool_calls")] IReadOnlyList<ChatCompletionToolCall>? ToolCalls = null,
    [property: JsonPropertyName("tool_call_id")] string? ToolCallId = null);

/// <summary>A tool the client defines: <c>{"type":"function","function":{"name","description","parameters"}}</c>.</summary>
public sealed record ChatCompletionTool(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("function")] ChatCompletionFunction? Function);

/// <summary>A function the client defines; <c>parameters</c> is a JSON schema.</summary>
public sealed record ChatCompletionFunction(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("parameters")] JsonElement Parameters);

/// <summary>A tool call, in requests (history) and in answers: <c>arguments</c> is JSON text.</summary>
public sealed record ChatCompletionToolCall(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("function")] ChatCompletionFunctionCall? Function,
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index = null);

/// <summary>The function a tool call names and its JSON arguments.</summary>
public sealed record ChatCompletionFunctionCall(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("arguments")] string? Arguments);

/// <summary>Streaming options.</summary>
public sealed record ChatCompletionStreamOptions([property: JsonPropertyName("include_usage")] bool? IncludeUsage);

/// <summary>A non-streamed completion (<c>object: chat.completion</c>).</summary>
public sealed record ChatCompletion(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage);

/// <summary>A choice of a completion.</summary>
public sealed record ChatCompletionChoice(int Index, ChatCompletionResponseMessage Message, string FinishReason);

/// <summary>The assistant's message: text, or (content null) the client's tools to call.</summary>
public sealed record ChatCompletionResponseMessage(
    string Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Content,
    IReadOnlyList<ChatCompletionToolCall>? ToolCalls = null);

/// <summary>Usage, in OpenAI's names.</summary>
public sealed record ChatCompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);

/// <summary>A streamed chunk (<c>object: chat.completion.chunk</c>).</summary>
public sealed record ChatCompletionChunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChunkChoice> Choices,
    ChatCompletionUsage? Usage);

/// <summary>A streamed choice.</summary>
public sealed record ChatCompletionChunkChoice(int Index, ChatCompletionDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

/// <summary>What a chunk adds: text, or tool calls (each with its <c>index</c>).</summary>
public sealed record ChatCompletionDelta(string? Role, string? Content, IReadOnlyList<ChatCompletionToolCall>? ToolCalls = null);

/// <summary><c>GET /v1/models</c>: <c>{"object":"list","data":[…]}</c>.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);

/// <summary>A model, in OpenAI's names.</summary>
public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);
