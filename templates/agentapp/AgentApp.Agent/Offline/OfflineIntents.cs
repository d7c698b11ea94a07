using System.Text.RegularExpressions;
using AgentApp.Agent.Tools;

namespace AgentApp.Agent.Offline;

/// <summary>A tool call the offline model decided on.</summary>
/// <param name="ToolName">One of <see cref="ToolNames"/>.</param>
/// <param name="Arguments">The call's arguments.</param>
public sealed record OfflineToolCall(string ToolName, IDictionary<string, object?> Arguments);

/// <summary>
/// The offline model's only "understanding": fixed patterns for requests that clearly ask for a tool. Checked in order,
/// so "what is 2 + 2" is arithmetic even though it is also a question.
/// </summary>
public static partial class OfflineIntents
{
    /// <summary>The tool call <paramref name="message"/> clearly asks for, or null.</summary>
    public static OfflineToolCall? Detect(string message)
    {
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

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";

    [GeneratedRegex(@"\b(send|write)\b.*?\b(e-?mail|mail)\b.*?\bto\s+(?<to>[^\s@,;]+@[^\s@,;]+?\.[A-Za-z]{2,})\b[.,:;]?\s*(?:(?:saying|that|about|with|:)\s*)?(?<body>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex EmailRequest();

    // Runs of digits, operators, parentheses and spaces...
    [GeneratedRegex(@"[\d.\s()+\-*/^%×÷]+")]
    private static partial Regex ArithmeticRun();

    // ...that hold at least one operator between two numbers.
    [GeneratedRegex(@"\d\s*\)*\s*[+\-*/^%×÷]\s*\(*\s*[-+]?\s*\d")]
    private static partial Regex BinaryOperation();

    [GeneratedRegex(@"\b(what time|the time|time is it|current time|what day|which day|today'?s date|the date|date today|what date)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeQuestion();

    [GeneratedRegex(@"\b(knowledge base|knowledge|look up|lookup|search|docs|documentation)\b", RegexOptions.IgnoreCase)]
    private static partial Regex KnowledgeRequest();
}
