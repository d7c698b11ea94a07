using System.Diagnostics.Metrics;
using AgentApp.Agent;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentApp.Tests.Guardrails;

/// <summary>The per-tenant tool allowlist: tools withheld from the model, and a call to one not run.</summary>
public sealed class ToolAllowlistTests
{
    private static readonly AITool[] s_tools =
    [
        AIFunctionFactory.Create(() => "t", ToolNames.CurrentTime),
        AIFunctionFactory.Create((string expression) => "c", ToolNames.Calculate),
        AIFunctionFactory.Create((string query) => "k", ToolNames.SearchKnowledge),
    ];

    [Fact]
    public async Task A_tenant_with_an_allowlist_offers_the_model_only_its_tools_others_get_every_tool()
    {
        var model = new ScriptedModel("ok");
        using var harness = new GuardrailHarness(model, ("Guardrails:TenantTools:acme:0", ToolNames.Calculate));
        var options = new ChatOptions { Tools = [.. s_tools] };

        using (AmbientAgentCaller.Begin("acme", null))
        {
            await harness.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);
        }

        using (AmbientAgentCaller.Begin("globex", null))
        {
            await harness.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);
        }

        Assert.Equal([ToolNames.Calculate], model.Calls[0].Options!.Tools!.Select(t => t.Name));
        Assert.Equal(s_tools.Select(t => t.Name), model.Calls[1].Options!.Tools!.Select(t => t.Name));
        Assert.Equal(3, options.Tools.Count); // the caller's options are not changed
        Assert.Equal(1, harness.Count(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Filter));
        Assert.Equal(1, harness.Count(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Pass));
        var audit = Assert.Single(harness.AuditEvents);
        Assert.Contains("get_current_time,search_knowledge tenant=acme", audit.Message);
    }

    [Fact]
    public async Task The_default_list_applies_to_tenants_without_their_own_and_a_list_naming_no_tool_allows_none()
    {
        var model = new ScriptedModel("ok");
        using var harness = new GuardrailHarness(model,
            ("Guardrails:DefaultTools:0", ToolNames.CurrentTime), ("Guardrails:TenantTools:locked:0", "none"));
        var options = new ChatOptions { Tools = [.. s_tools] };

        await harness.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);
        using (AmbientAgentCaller.Begin("locked", null))
        {
            await harness.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options);
        }

        Assert.Equal([ToolNames.CurrentTime], model.Calls[0].Options!.Tools!.Select(t => t.Name));
        Assert.Empty(model.Calls[1].Options!.Tools!);
    }

    [Fact]
    public async Task In_the_real_pipeline_a_call_to_a_tool_the_tenant_may_not_use_is_refused_not_run()
    {
        // A model that asks for the time whatever it is offered (as an injected prompt might make it do).
        var asked = 0;
        using var pipeline = new AgentPipeline(offline => new ForcedToolCallModel(offline, ToolNames.CurrentTime, () => asked++),
            ("Guardrails:TenantTools:acme:0", ToolNames.Calculate));
        using var decisions = new MetricCollector<long>(pipeline.Services.GetRequiredService<IMeterFactory>(), GuardrailDecisions.MeterName, GuardrailDecisions.CounterName);

        ChatResponse response;
        using (AmbientAgentCaller.Begin("acme", "u1"))
        {
            response = await pipeline.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "what time is it?")]);
        }

        Assert.Equal(1, asked);
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.DoesNotContain("2030", result.Result?.ToString()); // the clock was never read
        Assert.Contains("not found", result.Result?.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(decisions.GetMeasurementSnapshot(), m => Equals(m.Tags["rule"], GuardrailRules.ToolAllowlist) && Equals(m.Tags["outcome"], GuardrailOutcomes.Refuse));
    }

    [Fact]
    public async Task In_the_real_pipeline_an_allowed_tool_still_runs()
    {
        using var pipeline = new AgentPipeline(null, ("Guardrails:TenantTools:acme:0", ToolNames.CurrentTime));

        ChatResponse response;
        using (AmbientAgentCaller.Begin("acme", null))
        {
            response = await pipeline.Agent.GetResponseAsync([new ChatMessage(ChatRole.User, "what time is it?")]);
        }

        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Contains("2030-01-02T03:04:05", result.Result?.ToString());
    }

    /// <summary>Calls <paramref name="tool"/> on the first round trip whatever the options offer, then lets the offline model answer.</summary>
    private sealed class ForcedToolCallModel(IChatClient offline, string tool, Action onCall) : DelegatingChatClient(offline)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (messages.Last().Role == ChatRole.User)
            {
                onCall();
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", tool)])));
            }

            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
