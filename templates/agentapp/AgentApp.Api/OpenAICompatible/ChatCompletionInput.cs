using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.OpenAICompatible;

/// <summary>A request translated for the agent: its messages, its options, and the names of the tools the client defined.</summary>
public sealed record ChatCompletionInput(List<ChatMessage> Messages, ChatOptions Options, IReadOnlySet<string> ClientTools);

/// <summary>What is wrong with a request, naming the field as OpenAI does in <c>param</c>.</summary>
public sealed record ChatCompletionInputError(string Field, string Message);

/// <summary>
/// Reads OpenAI's request shape into Microsoft.Extensions.AI's: messages (including assistant <c>tool_calls</c> and
/// <c>tool</c> results), the client's <c>tools</c> as declarations the agent can ask for but never runs (calls to them go
/// back to the client), <c>tool_choice</c> and <c>parallel_tool_calls</c>.
/// </summary>
public static class ChatCompletionInputReader
{
    private const int MaxFunctionNameLength = 64;

    private static readonly Dictionary<string, ChatRole> s_roles = new(StringComparer.Ordinal)
    {
        ["system"] = ChatRole.System,
        ["developer"] = ChatRole.System,
        ["user"] = ChatRole.User,
        ["assistant"] = ChatRole.Assistant,
        ["tool"] = ChatRole.Tool,
    };

    // A function that takes no arguments, as OpenAI assumes when "parameters" is left out.
    private static readonly JsonElement s_noParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    /// <summary>The translated request, or the first error found.</summary>
    public static (ChatCompletionInput? Input, ChatCompletionInputError? Error) Read(ChatCompletionRequest? request)
    {
        if (request is null)
        {
            return Fail("body", "Send a JSON body such as {\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}.");
        }

        if (OutOfRange(request) is { } rangeError)
        {
            return (null, rangeError);
        }

        var (tools, toolError) = ReadTools(request.Tools);
        if (toolError is not null)
        {
            return (null, toolError);
        }

        var (messages, messageError) = ReadMessages(request.Messages);
        if (messageError is not null)
        {
            return (null, messageError);
        }

        var (mode, choiceError) = ReadToolChoice(request.ToolChoice, tools);
        if (choiceError is not null)
        {
            return (null, choiceError);
        }

        var options = new ChatOptions
        {
            MaxOutputTokens = request.MaxCompletionTokens ?? request.MaxTokens,
            Temperature = request.Temperature,
            TopP = request.TopP,
            Tools = tools.Count > 0 ? [.. tools] : null,
            ToolMode = mode,
            AllowMultipleToolCalls = request.ParallelToolCalls,
        };
        return (new ChatCompletionInput(messages!, options, tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal)), null);
    }

    // OpenAI's ranges: a provider would refuse these later, as a failure of the model call (502) rather than the request's.
    private static ChatCompletionInputError? OutOfRange(ChatCompletionRequest request) => request switch
    {
        { MaxTokens: < 1 } => new("max_tokens", $"max_tokens must be at least 1; got {request.MaxTokens}."),
        { MaxCompletionTokens: < 1 } => new("max_completion_tokens", $"max_completion_tokens must be at least 1; got {request.MaxCompletionTokens}."),
        { Temperature: < 0 or > 2 } => new("temperature", $"temperature must be between 0 and 2; got {request.Temperature}."),
        { TopP: < 0 or > 1 } => new("top_p", $"top_p must be between 0 and 1; got {request.TopP}."),
        { N: not null and not 1 } => new("n", $"n must be 1 (this endpoint returns one choice); got {request.N}."),
        _ => null,
    };

    private static (List<AITool> Tools, ChatCompletionInputError? Error) ReadTools(IReadOnlyList<ChatCompletionTool>? tools)
    {
        List<AITool> result = [];
        for (var i = 0; i < (tools?.Count ?? 0); i++)
        {
            var tool = tools![i];
            if (tool?.Type != "function")
            {
                return ([], new($"tools[{i}].type", "Only tools of type 'function' are supported."));
            }

            if (tool.Function?.Name is not { } name || !IsFunctionName(name))
            {
                return ([], new($"tools[{i}].function.name",
                    $"A function name is 1-{MaxFunctionNameLength} letters, digits, '_' or '-'."));
            }

            if (result.Any(t => t.Name == name))
            {
                return ([], new($"tools[{i}].function.name", $"The function '{name}' is defined twice."));
            }

            var parameters = tool.Function.Parameters;
            if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            {
                return ([], new($"tools[{i}].function.parameters", "Parameters are a JSON schema object."));
            }

            result.Add(AIFunctionFactory.CreateDeclaration(name, tool.Function.Description,
                parameters.ValueKind == JsonValueKind.Object ? parameters.Clone() : s_noParameters));
        }

        return (result, null);
    }

    private static (List<ChatMessage>? Messages, ChatCompletionInputError? Error) ReadMessages(IReadOnlyList<ChatCompletionMessage>? messages)
    {
        if (messages is not { Count: > 0 })
        {
            return (null, new("messages", "Send at least one message."));
        }

        List<ChatMessage> result = [];
        var openCalls = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message?.Role is not { } roleName || !s_roles.TryGetValue(roleName, out var role))
            {
                return (null, new($"messages[{i}].role", "Use system, developer, user, assistant or tool."));
            }

            var text = TextOf(message.Content);
            var (converted, error) = role == ChatRole.Assistant ? ReadAssistant(message, text, i, openCalls)
                : role == ChatRole.Tool ? ReadToolResult(message, text, i, openCalls)
                : text is null ? (null, new ChatCompletionInputError($"messages[{i}].content", "Content is a string or an array of text parts."))
                : (new ChatMessage(role, text), null);
            if (error is not null)
            {
                return (null, error);
            }

            result.Add(converted!);
        }

        return result.Any(m => m.Role == ChatRole.User && !string.IsNullOrWhiteSpace(m.Text))
            ? (result, null)
            : (null, new("messages", "Send at least one user message with text."));
    }

    private static (ChatMessage?, ChatCompletionInputError?) ReadAssistant(ChatCompletionMessage message, string? text, int i,
        HashSet<string> openCalls)
    {
        List<AIContent> contents = [];
        if (!string.IsNullOrEmpty(text))
        {
            contents.Add(new TextContent(text));
        }
        else if (text is null && !IsAbsent(message.Content))
        {
            return (null, new($"messages[{i}].content", "Content is a string, an array of text parts, or null."));
        }

        for (var j = 0; j < (message.ToolCalls?.Count ?? 0); j++)
        {
            var call = message.ToolCalls![j];
            var field = $"messages[{i}].tool_calls[{j}]";
            if (string.IsNullOrEmpty(call?.Id))
            {
                return (null, new($"{field}.id", "A tool call needs its id (the tool message answering it names it)."));
            }

            if (call.Function?.Name is not { Length: > 0 } name)
            {
                return (null, new($"{field}.function.name", "A tool call names its function."));
            }

            if (ParseArguments(call.Function.Arguments) is not { } arguments)
            {
                return (null, new($"{field}.function.arguments", "Arguments are a JSON object, as text."));
            }

            contents.Add(new FunctionCallContent(call.Id, name, arguments));
            openCalls.Add(call.Id);
        }

        return contents.Count == 0
            ? (null, new($"messages[{i}].content", "An assistant message has content or tool_calls."))
            : (new ChatMessage(ChatRole.Assistant, contents), null);
    }

    private static (ChatMessage?, ChatCompletionInputError?) ReadToolResult(ChatCompletionMessage message, string? text, int i,
        HashSet<string> openCalls)
    {
        if (string.IsNullOrEmpty(message.ToolCallId) || !openCalls.Contains(message.ToolCallId))
        {
            return (null, new($"messages[{i}].tool_call_id", "A tool message answers a tool call of an earlier assistant message, by its id."));
        }

        return text is null
            ? (null, new($"messages[{i}].content", "Content is a string or an array of text parts."))
            : (new ChatMessage(ChatRole.Tool, [new FunctionResultContent(message.ToolCallId, text)]), null);
    }

    private static (ChatToolMode? Mode, ChatCompletionInputError? Error) ReadToolChoice(JsonElement? toolChoice, List<AITool> tools)
    {
        var choice = toolChoice ?? default;
        switch (choice.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return (null, null);
            case JsonValueKind.String:
                return choice.GetString() switch
                {
                    "none" => (ChatToolMode.None, null),
                    "auto" => (ChatToolMode.Auto, null),
                    "required" => (ChatToolMode.RequireAny, null),
                    _ => (null, new("tool_choice", "Use \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.")),
                };
            case JsonValueKind.Object
                when choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                     && function.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String:
                var name = nameElement.GetString()!;
                return tools.Any(t => t.Name == name)
                    ? (ChatToolMode.RequireSpecific(name), null)
                    : (null, new("tool_choice", $"tool_choice names the function '{name}', which is not among the request's tools."));
            default:
                return (null, new("tool_choice", "Use \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}."));
        }
    }

    private static Dictionary<string, object?>? ParseArguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.ValueKind != JsonValueKind.Object ? null
                : document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array when content.EnumerateArray().All(IsTextPart) =>
            string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };

    private static bool IsAbsent(JsonElement content) => content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private static bool IsTextPart(JsonElement part) =>
        part.ValueKind == JsonValueKind.Object
        && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"
        && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String;

    private static bool IsFunctionName(string name) =>
        name.Length is > 0 and <= MaxFunctionNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static (ChatCompletionInput?, ChatCompletionInputError?) Fail(string field, string message) => (null, new(field, message));
}
