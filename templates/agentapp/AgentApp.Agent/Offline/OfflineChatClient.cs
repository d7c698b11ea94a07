using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Offline;

/// <summary>
/// The built-in model used when no chat provider is configured: deterministic, no network, no key. It streams its answer
/// in several updates, reports (estimated) token usage, asks for a tool when a request clearly needs one (or when the
/// caller forces a tool choice) and answers from the tool's result, and says in every reply that it is the offline model
/// and how to configure a real one. As a named agent it plays the role the agent's instructions name (<see cref="OfflineRoles"/>).
/// </summary>
public sealed class OfflineChatClient : IChatClient
{
    /// <summary>The model id it reports.</summary>
    public const string ModelId = "offline";

    /// <summary>The sentence every reply ends with.</summary>
    public const string ConfigureHint =
        "(I am the offline model built into this app, not a language model. To use a real one, set the connection string " +
        "ConnectionStrings:chat, e.g. \"Provider=openai;Key=...;Model=gpt-4o-mini\", in the AppHost's user secrets and restart.)";

    private const int WordsPerUpdate = 3;

    private static readonly ChatClientMetadata s_metadata = new("offline", null, ModelId);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        cancellationToken.ThrowIfCancellationRequested();
        var responseId = $"offline-{history.Count}";
        var inputTokens = history.Sum(EstimateTokens);

        var role = OfflineRoles.Of(history, options);
        if ((role is { } r ? OfflineRoles.ToolCall(r, history, options) : PlanToolCall(history, options)) is { } call)
        {
            var callId = $"call_{history.Count}_{call.ToolName}";
            yield return Update(responseId, new FunctionCallContent(callId, call.ToolName, call.Arguments),
                new UsageContent(Usage(inputTokens, 8 + Estimate(call.ToolName) + Estimate(JsonSerializer.Serialize(call.Arguments)))));
            yield break;
        }

        var (reply, finish) = Limit(role is { } playing ? OfflineRoles.Reply(playing, history) : Compose(history), options?.MaxOutputTokens);
        var words = reply.Split(' ');
        for (var i = 0; i < words.Length; i += WordsPerUpdate)
        {
            // Yield between updates: a real model streams over time, and a cancelled caller must be able to stop us.
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = string.Join(' ', words.Skip(i).Take(WordsPerUpdate)) + (i + WordsPerUpdate < words.Length ? " " : "");
            yield return Update(responseId, new TextContent(chunk));
        }

        var last = Update(responseId, new UsageContent(Usage(inputTokens, Estimate(reply))));
        last.FinishReason = finish;
        yield return last;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? s_metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The estimate of tokens in a text: about four characters each.</summary>
    public static int Estimate(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    private static OfflineToolCall? PlanToolCall(IReadOnlyList<ChatMessage> history, ChatOptions? options)
    {
        // Only a user's message starts a tool call; after a tool result the model answers.
        if (history.LastOrDefault(m => m.Role != ChatRole.System) is not { } last || last.Role != ChatRole.User)
        {
            return null;
        }

        if (options?.ToolMode is NoneChatToolMode)
        {
            return null;
        }

        var call = OfflineIntents.Detect(last.Text);
        var offered = options?.Tools?.OfType<AIFunctionDeclaration>().FirstOrDefault(t => t.Name == call?.ToolName);
        var available = offered is not null;
        if (options?.ToolMode is RequiredChatToolMode required && options.Tools is { Count: > 0 } tools)
        {
            // A forced choice is obeyed: the named tool, else the one the message asks for, else the first offered.
            var name = required.RequiredFunctionName ?? (available ? call!.ToolName : tools[0].Name);
            if (available && name == call!.ToolName)
            {
                return OfflineIntents.FitTo(call, offered!.JsonSchema);
            }

            return tools.FirstOrDefault(t => t.Name == name) is AIFunctionDeclaration tool
                ? new OfflineToolCall(tool.Name, OfflineArguments.FromSchema(tool.JsonSchema, last.Text))
                : null;
        }

        return available ? OfflineIntents.FitTo(call!, offered!.JsonSchema) : null;
    }

    private static string Compose(IReadOnlyList<ChatMessage> history)
    {
        var last = history.LastOrDefault(m => m.Role != ChatRole.System);
        if (last?.Role == ChatRole.Tool)
        {
            return FromToolResults(history, last) + " " + ConfigureHint;
        }

        var said = last?.Text.Trim() ?? "";
        var earlier = history.Count(m => m.Role == ChatRole.User) - 1;
        var memory = earlier switch
        {
            <= 0 => "This is the first message of our conversation that I can see.",
            1 => "I can see 1 earlier message from you in this conversation.",
            _ => $"I can see {earlier} earlier messages from you in this conversation.",
        };
        var unavailable = OfflineIntents.Detect(said) is { } wanted
            ? $" I would use the {wanted.ToolName} tool for that, but it is not available here."
            : "";
        return $"You said: \"{Shorten(said)}\". {memory}{unavailable} I can tell the time, calculate (try \"what is 12 * (3 + 4)?\") and look things up in this app's knowledge base (try \"search the knowledge base for actors\"). {ConfigureHint}";
    }

    private static string FromToolResults(IReadOnlyList<ChatMessage> history, ChatMessage toolMessage)
    {
        var calls = history.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToDictionary(c => c.CallId, c => c.Name);
        var answers = toolMessage.Contents.OfType<FunctionResultContent>().Select(result =>
        {
            var text = ResultText(result);
            return calls.GetValueOrDefault(result.CallId) switch
            {
                ToolNames.CurrentTime => $"It is {text}, according to the {ToolNames.CurrentTime} tool.",
                ToolNames.Calculate => $"The {ToolNames.Calculate} tool says: {text}.",
                ToolNames.SearchKnowledge => $"Here is what the knowledge base says:\n\n{text}\n\n",
                var name => $"The {name} tool returned: {text}.",
            };
        });
        return string.Join(" ", answers);
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception?.Message ?? "no result",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString() ?? "",
        var other => JsonSerializer.Serialize(other),
    };

    private static (string Reply, ChatFinishReason Finish) Limit(string reply, int? maxOutputTokens)
    {
        var maxChars = (long?)maxOutputTokens * 4;
        return maxChars is { } max && reply.Length > max
            ? (reply[..(int)max], ChatFinishReason.Length)
            : (reply, ChatFinishReason.Stop);
    }

    private static ChatResponseUpdate Update(string responseId, params AIContent[] contents) => new(ChatRole.Assistant, [.. contents])
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = ModelId,
    };

    private static UsageDetails Usage(long input, long output) =>
        new() { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };

    private static int EstimateTokens(ChatMessage message) => 4 + message.Contents.Sum(content => content switch
    {
        TextContent text => Estimate(text.Text),
        FunctionCallContent call => Estimate(call.Name) + Estimate(JsonSerializer.Serialize(call.Arguments)),
        FunctionResultContent result => Estimate(ResultText(result)),
        _ => 0,
    });

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
