using System.Text.Json;
using System.Text.RegularExpressions;
using AgentApp.Agent.Tools;

namespace AgentApp.Agent.Offline;

/// <summary>A tool call the offline model decided on.</summary>
/// <param name="ToolName">One of <see cref="ToolNames"/>.</param>
/// <param name="Arguments">The call's arguments.</param>
public sealed record OfflineToolCall(string ToolName, IDictionary<string, object?> Arguments);

/// <summary>
/// The offline model's only "understanding": fixed patterns for requests that clearly ask for a tool. Checked in order,
/// so "what is 2 + 2" is arithmetic even though it is also a question. Every pattern runs on the non-backtracking engine:
/// its time is linear in the message, whatever the message (a backtracking "send … mail … to …" took seconds of CPU
/// for a few hundred characters of near-misses).
/// </summary>
public static partial class OfflineIntents
{
    /// <summary>
    /// The longest message read for a tool request: one that clearly asks for a tool is a sentence or two, and a longer
    /// one is answered as text, so the patterns' work stays small whatever arrives.
    /// </summary>
    public const int MaxRequestLength = 2000;

    /// <summary>The tool call <paramref name="message"/> clearly asks for, or null.</summary>
    public static OfflineToolCall? Detect(string message)
    {
        if (message.Length > MaxRequestLength)
        {
            return null;
        }

        // An explicit "use the search__query tool for …" names a remote MCP tool (server__tool) and wins over guessing.
        if (NamedToolRequest().Match(message) is { Success: true } named)
        {
            return new OfflineToolCall(named.Groups["tool"].Value,
                new Dictionary<string, object?> { [NamedToolInput] = named.Groups["input"].Value.Trim().TrimEnd('.', '!', '?') });
        }

        // First: "send an email to ana@example.com saying the report is ready" must not become arithmetic or a lookup.
        if (EmailRequest().Match(message) is { Success: true } email)
        {
            var body = email.Groups["body"].Value.Trim().TrimEnd('.', '!');
            var text = body.Length > 0 ? body : message.Trim();
            return new OfflineToolCall(ToolNames.SendEmail, new Dictionary<string, object?>
            {
                ["to"] = email.Groups["to"].Value,
                ["subject"] = Shorten(text, 60),
                ["body"] = text,
            });
        }

        if (ArithmeticRun().Matches(message).Select(m => m.Value.Trim()).FirstOrDefault(run => BinaryOperation().IsMatch(run)) is { } expression)
        {
            return new OfflineToolCall(ToolNames.Calculate, new Dictionary<string, object?> { ["expression"] = expression });
        }

        if (TimeQuestion().IsMatch(message))
        {
            return new OfflineToolCall(ToolNames.CurrentTime, new Dictionary<string, object?>());
        }

        if (KnowledgeRequest().IsMatch(message))
        {
            return new OfflineToolCall(ToolNames.SearchKnowledge, new Dictionary<string, object?> { ["query"] = message.Trim() });
        }

        return null;
    }

    /// <summary>The argument a named-tool request fills until <see cref="FitTo"/> knows the tool's parameter.</summary>
    public const string NamedToolInput = "input";

    /// <summary>
    /// Puts a named-tool request's text into the tool's first required parameter (else its first), as read from the
    /// tool's JSON schema; a tool without parameters gets none.
    /// </summary>
    public static OfflineToolCall FitTo(OfflineToolCall call, JsonElement schema)
    {
        if (!call.Arguments.TryGetValue(NamedToolInput, out var input)
            || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return call;
        }

        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(e => e.GetString()).FirstOrDefault()
            : null;
        var parameter = required ?? properties.EnumerateObject().Select(p => p.Name).FirstOrDefault();
        return call with { Arguments = parameter is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { [parameter] = input } };
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";

    [GeneratedRegex(@"\b(send|write)\b.*?\b(e-?mail|mail)\b.*?\bto\s+(?<to>[^\s@,;]+@[^\s@,;]+?\.[A-Za-z]{2,})\b[.,:;]?\s*(?:(?:saying|that|about|with|:)\s*)?(?<body>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex EmailRequest();

    [GeneratedRegex(@"\b(?:use|call|ask)\s+(?:the\s+)?(?<tool>[A-Za-z0-9-]+__[A-Za-z0-9_-]+)(?:\s+tool)?(?:\s*(?:with|for|about|on|to|:)\s+(?<input>.*))?$",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.Singleline)]
    private static partial Regex NamedToolRequest();

    // Runs of digits, operators, parentheses and spaces...
    [GeneratedRegex(@"[\d.\s()+\-*/^%×÷]+", RegexOptions.NonBacktracking)]
    private static partial Regex ArithmeticRun();

    // ...that hold at least one operator between two numbers.
    [GeneratedRegex(@"\d\s*\)*\s*[+\-*/^%×÷]\s*\(*\s*[-+]?\s*\d", RegexOptions.NonBacktracking)]
    private static partial Regex BinaryOperation();

    [GeneratedRegex(@"\b(what time|the time|time is it|current time|what day|which day|today'?s date|the date|date today|what date)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex TimeQuestion();

    [GeneratedRegex(@"\b(knowledge base|knowledge|look up|lookup|search|docs|documentation)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex KnowledgeRequest();
}
