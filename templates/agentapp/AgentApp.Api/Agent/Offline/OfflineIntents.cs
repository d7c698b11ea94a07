using System.Text.RegularExpressions;
using AgentApp.Api.Agent.Tools;

namespace AgentApp.Api.Agent.Offline;

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
