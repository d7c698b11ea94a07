using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace AgentApp.Agent.Tools;

/// <summary>
/// The agent's tools: plain methods the model may call. To add one, write a method with a <see cref="DescriptionAttribute"/>
/// and add one line to <see cref="All"/>; wrap it in <see cref="ApprovalRequiredAIFunction"/> when its side effects need a
/// person's approval first (agent tasks then wait for it in a workflow; a chat turn says to submit a task).
/// </summary>
public sealed class AgentTools(TimeProvider time, KnowledgeBase knowledge, EmailOutbox outbox)
{
    /// <summary>Every tool, as the function-invocation middleware sees them.</summary>
    public IList<AITool> All => field ??=
    [
        AIFunctionFactory.Create(GetCurrentTime, ToolNames.CurrentTime),
        AIFunctionFactory.Create(Calculate, ToolNames.Calculate),
        AIFunctionFactory.Create(SearchKnowledge, ToolNames.SearchKnowledge),
        new ApprovalRequiredAIFunction(AIFunctionFactory.Create(SendEmail, ToolNames.SendEmail)),
    ];

    /// <summary>The names of the tools that need a person's approval before they run.</summary>
    public IReadOnlySet<string> RequiringApproval => field ??= All.OfType<ApprovalRequiredAIFunction>().Select(t => t.Name).ToHashSet();

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

    /// <summary>Sends an email: a real side effect, so the function-invocation middleware asks for approval first.</summary>
    [Description("Sends an email on the user's behalf. Needs a person's approval before it is sent.")]
    public string SendEmail(
        [Description("The recipient's email address.")] string to,
        [Description("The subject line.")] string subject,
        [Description("The message text.")] string body)
    {
        if (!System.Net.Mail.MailAddress.TryCreate(to, out var address))
        {
            return $"Not sent: '{to}' is not an email address.";
        }

        var sent = outbox.Send(address.Address, subject, body);
        return $"Email {sent.MessageId} sent to {sent.To} with the subject '{sent.Subject}'.";
    }

    private static string Format(DateTimeOffset moment, string zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{moment:yyyy-MM-dd'T'HH:mm:ssK} ({moment:dddd d MMMM yyyy, HH:mm} {zone})");
}
