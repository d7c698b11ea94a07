using System.Text;
using System.Text.Json;
using AgentApp.Web.Gateway;

namespace AgentApp.Web.Components.Chat;

/// <summary>One exchange on the page: the person's message, the tools the agent called, its reply and what it cost.</summary>
public sealed class ChatTurn(string message)
{
    /// <summary>What the person said.</summary>
    public string Message { get; } = message;

    /// <summary>The reply so far (it grows as deltas arrive).</summary>
    public StringBuilder Reply { get; } = new();

    /// <summary>Tool calls in order, with their results once known.</summary>
    public List<ToolCallView> Tools { get; } = [];

    /// <summary>Token usage, once the turn finished.</summary>
    public UsageInfo? Usage { get; set; }

    /// <summary>Why the turn failed, if it did.</summary>
    public string? Error { get; set; }

    /// <summary>Whether the person stopped the stream.</summary>
    public bool Stopped { get; set; }

    /// <summary>Whether the reply is still streaming.</summary>
    public bool Streaming { get; set; }

    /// <summary>Rebuilds the turns of a stored conversation: each user message starts a turn.</summary>
    public static List<ChatTurn> FromHistory(ConversationHistory history)
    {
        var turns = new List<ChatTurn>();
        foreach (var message in history.Messages)
        {
            if (message.Role == "user" || turns.Count == 0)
            {
                turns.Add(new ChatTurn(message.Role == "user" ? message.Text : ""));
                if (message.Role == "user")
                {
                    continue;
                }
            }

            var turn = turns[^1];
            if (message.Role == "tool")
            {
                turn.Tools.Add(new ToolCallView($"{turns.Count}-{turn.Tools.Count}", message.ToolName ?? "tool", "") { Result = message.Text });
            }
            else
            {
                turn.Reply.Append(message.Text);
            }
        }

        return turns;
    }
}

/// <summary>A tool call as shown: its name, arguments as text, and result.</summary>
public sealed class ToolCallView(string callId, string name, string arguments)
{
    /// <summary>Pairs the call with its result.</summary>
    public string CallId { get; } = callId;

    /// <summary>The tool.</summary>
    public string Name { get; } = name;

    /// <summary>The arguments, <c>name: value</c> pairs.</summary>
    public string Arguments { get; } = arguments;

    /// <summary>The result, once the tool answered.</summary>
    public string? Result { get; set; }

    /// <summary>Formats the model's arguments for reading.</summary>
    public static string Format(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Object } json
            ? string.Join(", ", json.EnumerateObject().Select(p => $"{p.Name}: {p.Value.GetRawText()}"))
            : "";
}
