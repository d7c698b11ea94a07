using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace AgentApp.Api.Agent.Tools;

/// <summary>
/// The agent's tools: plain methods the model may call. To add one, write a method with a <see cref="DescriptionAttribute"/>
/// and add one line to <see cref="All"/>.
/// </summary>
public sealed class AgentTools(TimeProvider time, KnowledgeBase knowledge)
{
    /// <summary>Every tool, as the function-invocation middleware sees them.</summary>
    public IList<AITool> All => field ??=
    [
        AIFunctionFactory.Create(GetCurrentTime, ToolNames.CurrentTime),
        AIFunctionFactory.Create(Calculate, ToolNames.Calculate),
        AIFunctionFactory.Create(SearchKnowledge, ToolNames.SearchKnowledge),
    ];

    /// <summary>The current date and time.</summary>
    [Description("Gets the current date and time, in UTC or in an IANA time zone such as 'Europe/Paris'.")]
    public string GetCurrentTime([Description("An IANA time zone id; UTC when omitted.")] string? timeZone = null)
    {
        var now = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(timeZone) || timeZone.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return Format(now, "UTC");
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? Format(TimeZoneInfo.ConvertTime(now, zone), zone.Id)
            : $"Unknown time zone '{timeZone}'. In UTC it is {Format(now, "UTC")}";
    }

    /// <summary>Evaluates arithmetic by parsing it; nothing is ever executed as code.</summary>
    [Description("Calculates an arithmetic expression with numbers, + - * / % ^ and parentheses, e.g. '(2 + 3) * 4'.")]
    public string Calculate([Description("The arithmetic expression.")] string expression) =>
        ArithmeticExpression.TryEvaluate(expression, out var value, out var error)
            ? $"{expression.Trim()} = {ArithmeticExpression.Format(value)}"
            : $"Cannot calculate '{expression}': {error}";

    /// <summary>Searches the bundled knowledge base.</summary>
    [Description("Searches this app's knowledge base (notes on its architecture, configuration and tools) and returns the best matching sections.")]
    public string SearchKnowledge([Description("What to look for, in a few words.")] string query) => knowledge.Search(query);

    private static string Format(DateTimeOffset moment, string zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{moment:yyyy-MM-dd'T'HH:mm:ssK} ({moment:dddd d MMMM yyyy, HH:mm} {zone})");
}
