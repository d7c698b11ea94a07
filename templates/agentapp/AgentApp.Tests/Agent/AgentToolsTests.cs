using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentApp.Tests.Agent;

/// <summary>The tools as the model sees and calls them.</summary>
public sealed class AgentToolsTests
{
    private readonly EmailOutbox _outbox = new(new ManualClock(), NullLogger<EmailOutbox>.Instance);
    private readonly AgentTools _tools;

    public AgentToolsTests() => _tools = new(new ManualClock(), KnowledgeBase.LoadEmbedded(), _outbox);

    [Fact]
    public async Task Send_email_needs_approval_and_when_run_hands_the_email_to_the_outbox()
    {
        var tool = Assert.IsType<ApprovalRequiredAIFunction>(_tools.All.Single(t => t.Name == ToolNames.SendEmail));

        var result = await tool.InvokeAsync(new AIFunctionArguments { ["to"] = "ana@example.com", ["subject"] = "Report", ["body"] = "It is ready." });
        var refused = await tool.InvokeAsync(new AIFunctionArguments { ["to"] = "not an address", ["subject"] = "x", ["body"] = "y" });

        var sent = Assert.Single(_outbox.Sent);
        Assert.Equal(("ana@example.com", "Report", "It is ready."), (sent.To, sent.Subject, sent.Body));
        Assert.Contains(sent.MessageId, result?.ToString());
        Assert.Contains("Not sent", refused?.ToString());
        Assert.Equal([ToolNames.SendEmail], _tools.RequiringApproval);
    }

    [Fact]
    public void Every_tool_has_a_name_a_description_and_a_schema()
    {
        var functions = _tools.All.Cast<AIFunction>().ToList();

        Assert.Equal([ToolNames.CurrentTime, ToolNames.Calculate, ToolNames.SearchKnowledge, ToolNames.SendEmail], functions.Select(f => f.Name));
        Assert.All(functions, f => Assert.False(string.IsNullOrWhiteSpace(f.Description), $"{f.Name} has no description"));
        Assert.Contains("expression", functions[1].JsonSchema.GetRawText());
        Assert.Contains("query", functions[2].JsonSchema.GetRawText());
    }

    [Fact]
    public async Task The_time_comes_from_the_clock()
    {
        var function = (AIFunction)_tools.All[0];

        var result = await function.InvokeAsync(new AIFunctionArguments());

        Assert.Contains("2030-01-02T03:04:05", result?.ToString());
        Assert.Contains("UTC", result?.ToString());
    }

    [Fact]
    public void An_unknown_time_zone_still_gets_the_time()
    {
        var result = _tools.GetCurrentTime("Mars/Olympus_Mons");

        Assert.Contains("Unknown time zone", result);
        Assert.Contains("2030-01-02T03:04:05", result);
    }

    [Fact]
    public async Task The_calculator_answers_and_explains_its_errors()
    {
        var function = (AIFunction)_tools.All[1];

        Assert.Equal("6 * 7 = 42", (await function.InvokeAsync(new AIFunctionArguments { ["expression"] = "6 * 7" }))?.ToString());
        Assert.StartsWith("Cannot calculate", _tools.Calculate("6 *"));
    }

    [Fact]
    public void The_knowledge_base_is_bundled_and_searchable()
    {
        var knowledge = KnowledgeBase.LoadEmbedded();

        Assert.True(knowledge.Entries.Count >= 8, $"{knowledge.Entries.Count} entries");
        var found = _tools.SearchKnowledge("search the knowledge base for actors");
        Assert.Contains("## Conversation memory", found);
        Assert.StartsWith("Nothing in the knowledge base matches", _tools.SearchKnowledge("xyzzy"));
    }

    [Fact]
    public void Markdown_splits_into_sections_under_its_title()
    {
        var entries = KnowledgeBase.Parse("# Title\nintro\n## One\nfirst\n## Two\nsecond\nmore", "fallback").ToList();

        Assert.Equal([("Title", "One", "first"), ("Title", "Two", "second\nmore")], entries.Select(e => (e.Document, e.Heading, e.Text)));
    }
}
