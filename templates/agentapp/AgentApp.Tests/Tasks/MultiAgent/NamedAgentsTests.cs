using AgentApp.Agent.Agents;
using AgentApp.Tests.Agent;
using AgentApp.Worker.Tasks.MultiAgent;
using System.Diagnostics.Metrics;
using AgentApp.Agent.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentApp.Tests.Tasks.MultiAgent;

/// <summary>
/// Named agents over the app's real agent pipeline (the offline model at the bottom): each is a Microsoft Agent
/// Framework agent with its own instructions and tools, the offline model plays each role exactly, and bad definitions
/// fail at start-up naming the setting.
/// </summary>
public sealed class NamedAgentsTests
{
    private static readonly IReadOnlyList<ChatMessage> s_goal = [new(ChatRole.User, "search the knowledge base for actors")];

    [Fact]
    public async Task A_named_agent_sends_its_own_instructions_and_exactly_its_own_tools()
    {
        RecordingChatClient? provider = null;
        using var pipeline = new AgentPipeline(offline => provider = new RecordingChatClient(offline));
        var agents = pipeline.Services.GetRequiredService<NamedAgents>();

        await agents.RunTurnAsync("researcher", s_goal, CancellationToken.None);
        await agents.RunTurnAsync("writer", s_goal, CancellationToken.None);

        var researcher = provider!.Calls[0];
        Assert.Equal(["search_knowledge"], researcher.Options!.Tools!.Select(t => t.Name));
        Assert.StartsWith("You are the researcher.", researcher.Options.Instructions, StringComparison.Ordinal);
        Assert.Equal(0.1f, researcher.Options.Temperature);
        Assert.DoesNotContain(researcher.Messages, m => m.Role == ChatRole.System && m.Text.Contains("concise, helpful assistant", StringComparison.Ordinal));
        var writer = provider.Calls[^1];
        Assert.Empty(writer.Options!.Tools ?? []);
        Assert.StartsWith("You are the writer.", writer.Options.Instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_offline_model_plays_each_role_deterministically()
    {
        using var pipeline = new AgentPipeline();
        var agents = pipeline.Services.GetRequiredService<NamedAgents>();

        var plan = await agents.RunTurnAsync("planner", s_goal, CancellationToken.None);
        var research = await agents.RunTurnAsync("researcher", s_goal, CancellationToken.None);
        var draft = await agents.RunTurnAsync("writer", [.. s_goal, new(ChatRole.Assistant, research.Text) { AuthorName = "researcher" }], CancellationToken.None);
        var review = await agents.RunTurnAsync("reviewer", [.. s_goal, new(ChatRole.Assistant, draft.Text) { AuthorName = "writer" }], CancellationToken.None);
        var again = await agents.RunTurnAsync("researcher", s_goal, CancellationToken.None);

        Assert.StartsWith("Plan for \"search the knowledge base for actors\": 1. researcher:", plan.Text, StringComparison.Ordinal);
        Assert.StartsWith("Findings for \"search the knowledge base for actors\": ", research.Text, StringComparison.Ordinal);
        Assert.Contains("actor", research.Text[60..], StringComparison.OrdinalIgnoreCase); // from the knowledge base, not the goal
        Assert.StartsWith("Draft answer to \"search the knowledge base for actors\", from researcher: Findings for", draft.Text, StringComparison.Ordinal);
        Assert.StartsWith("Final answer (reviewed by the offline reviewer, approved): Draft answer to", review.Text, StringComparison.Ordinal);
        Assert.Equal(research.Text, again.Text);
        Assert.All([plan, research, draft, review], turn => Assert.True(turn.InputTokens > 0 && turn.OutputTokens > 0, $"{turn.Agent}: {turn.InputTokens}/{turn.OutputTokens}"));
        Assert.Equal("offline", review.Model);
    }

    [Fact]
    public async Task A_turn_s_tokens_and_cost_are_attributed_to_its_agent()
    {
        using var pipeline = new AgentPipeline(null, ("ModelPricing:Models:offline:InputPer1M", "2"), ("ModelPricing:Models:offline:OutputPer1M", "8"));
        using var cost = new MetricCollector<double>(pipeline.Services.GetRequiredService<IMeterFactory>(), AgentMetrics.MeterName, AgentMetrics.CostName);
        var agents = pipeline.Services.GetRequiredService<NamedAgents>();

        var turn = await agents.RunTurnAsync("researcher", s_goal, CancellationToken.None);
        await pipeline.Agent.GetResponseAsync(s_goal);

        // The researcher's turn (the lookup, then the findings: its whole tool loop) is billed to it; a plain chat to nobody.
        var billed = cost.GetMeasurementSnapshot();
        var researcher = Assert.Single(billed, m => m.Tags.TryGetValue(AgentMetrics.AgentTag, out var agent) && (string?)agent == "researcher");
        Assert.Equal((double)turn.Cost!.Value, researcher.Value, 9);
        Assert.Equal((turn.InputTokens * 2 + turn.OutputTokens * 8) / 1_000_000m, turn.Cost);
        Assert.Single(billed, m => !m.Tags.ContainsKey(AgentMetrics.AgentTag));
    }

    [Fact]
    public async Task As_orchestrator_the_offline_planner_picks_who_has_not_spoken_then_says_done()
    {
        using var pipeline = new AgentPipeline();
        var agents = pipeline.Services.GetRequiredService<NamedAgents>();
        var question = new ChatMessage(ChatRole.User, OrchestratedAgentsWorkflow.NextSpeakerQuestion(["researcher", "writer"]));

        var first = await agents.RunTurnAsync("planner", [.. s_goal, question], CancellationToken.None);
        var second = await agents.RunTurnAsync("planner", [.. s_goal, new(ChatRole.Assistant, "found") { AuthorName = "researcher" }, question], CancellationToken.None);
        var last = await agents.RunTurnAsync("planner",
            [.. s_goal, new(ChatRole.Assistant, "found") { AuthorName = "researcher" }, new(ChatRole.Assistant, "wrote") { AuthorName = "writer" }, question],
            CancellationToken.None);

        Assert.Equal(("researcher", "writer", "DONE"), (first.Text, second.Text, last.Text));
        Assert.Equal("writer", OrchestratedAgentsWorkflow.NextSpeaker(second.Text, ["researcher", "writer"]));
        Assert.Null(OrchestratedAgentsWorkflow.NextSpeaker(last.Text, ["researcher", "writer"]));
        Assert.Equal("writer", OrchestratedAgentsWorkflow.NextSpeaker("I think the Writer should go next.", ["researcher", "writer"]));
        Assert.Null(OrchestratedAgentsWorkflow.NextSpeaker("nobody we know", ["researcher", "writer"]));
    }

    [Fact]
    public async Task An_agent_defined_in_configuration_joins_the_defaults()
    {
        using var pipeline = new AgentPipeline(null,
            ("Agents:Named:critic:Instructions", "You are the reviewer, and a harsh one."),
            ("Agents:Named:critic:Description", "Finds fault."),
            ("Agents:Teams:sequential:0", "writer"),
            ("Agents:Teams:sequential:1", "critic"));
        var agents = pipeline.Services.GetRequiredService<NamedAgents>();

        var turn = await agents.RunTurnAsync("critic", [.. s_goal, new(ChatRole.Assistant, "a draft") { AuthorName = "writer" }], CancellationToken.None);

        Assert.Equal(["critic", "planner", "researcher", "reviewer", "writer"], agents.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["writer", "critic"], agents.TeamFor("sequential"));
        Assert.Equal(["planner", "researcher"], agents.TeamFor("concurrent"));
        Assert.Equal("Final answer (reviewed by the offline reviewer, approved): a draft", turn.Text);
    }

    [Theory]
    [InlineData("Agents:Named:mailer:Tools:0", "send_email", "Agents:Named:mailer:Tools: 'send_email' needs a person's approval")]
    [InlineData("Agents:Named:mailer:Tools:0", "teleport", "Agents:Named:mailer:Tools: there is no tool 'teleport'")]
    [InlineData("Agents:Teams:concurrent:0", "ghost", "Agents:Teams:concurrent: there is no agent 'ghost'.")]
    [InlineData("Agents:Orchestrator", "ghost", "Agents:Orchestrator: there is no agent 'ghost'.")]
    [InlineData("Agents:Named:Mail_Bot:Instructions", "You send mail.", "Agents:Named:Mail_Bot: an agent name is 1-32 lower-case letters")]
    public void A_bad_definition_fails_at_start_up_naming_the_setting(string key, string value, string message)
    {
        using var pipeline = new AgentPipeline(null, ("Agents:Named:mailer:Instructions", "You send mail."), (key, value));

        var error = Assert.Throws<OptionsValidationException>(() => pipeline.Services.GetRequiredService<IOptions<NamedAgentsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
