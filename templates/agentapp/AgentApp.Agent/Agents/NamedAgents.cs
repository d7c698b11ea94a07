using System.Collections.Concurrent;
using AgentApp.Agent.Telemetry;
using AgentApp.Agent.Tools;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Agents;

/// <summary>What one agent turn answered and used.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Text">Its answer.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="InputTokens">Input tokens over the turn (its tool loop included).</param>
/// <param name="OutputTokens">Output tokens over the turn.</param>
/// <param name="Cost">Estimated spend, when the model has a price.</param>
public sealed record AgentTurnResult(string Agent, string Text, string Model, long InputTokens, long OutputTokens, decimal? Cost);

/// <summary>
/// The named agents of <see cref="NamedAgentsOptions"/>, each a Microsoft Agent Framework <see cref="ChatClientAgent"/>
/// over the app's one agent pipeline (guardrails, tools, telemetry, cost), with its own instructions, tools and model
/// settings. A turn is one <c>RunAsync</c>: the agent framework brings the agent abstraction and its <c>invoke_agent</c>
/// span (<c>gen_ai.agent.name</c>, token usage); durability comes from whoever calls a turn (a workflow activity).
/// </summary>
public sealed class NamedAgents(IChatClient pipeline, AgentTools tools, IOptions<NamedAgentsOptions> options, IOptions<AgentOptions> agent,
    IOptions<ModelPricingOptions> pricing, ILoggerFactory loggers, IServiceProvider services)
{
    /// <summary>The activity source of the agents' <c>invoke_agent</c> spans (exported with every <c>AgentApp.*</c> source).</summary>
    public const string ActivitySourceName = "AgentApp.Agents";

    private readonly ConcurrentDictionary<string, AIAgent> _agents = new(StringComparer.Ordinal);

    /// <summary>The agents' names.</summary>
    public IReadOnlyCollection<string> Names => options.Value.Named.Keys;

    /// <summary>The options in effect (defaults merged).</summary>
    public NamedAgentsOptions Options => options.Value;

    /// <summary>Whether an agent is named <paramref name="name"/>.</summary>
    public bool Contains(string? name) => name is not null && options.Value.Named.ContainsKey(name);

    /// <summary>Agent <paramref name="name"/>'s definition.</summary>
    public NamedAgentDefinition this[string name] => options.Value.Named[name];

    /// <summary>The team <paramref name="mode"/> gives a task that names none.</summary>
    public IReadOnlyList<string> TeamFor(string mode) => options.Value.Teams.TryGetValue(mode, out var team) ? team : [];

    /// <summary>
    /// Runs one turn of agent <paramref name="name"/> on <paramref name="messages"/> (the conversation so far, oldest first)
    /// and returns its answer with the tokens and cost it used, attributed to the agent.
    /// </summary>
    public async Task<AgentTurnResult> RunTurnAsync(string name, IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var definition = options.Value.Named[name];
        var runner = _agents.GetOrAdd(name, Build);
        AgentResponse response;
        using (AgentTurn.Begin(name))
        {
            response = await runner.RunAsync(messages, cancellationToken: cancellationToken);
        }

        var model = (response.RawRepresentation as ChatResponse)?.ModelId ?? definition.ModelId ?? pipeline.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        return new AgentTurnResult(name, response.Text, model, input, output, pricing.Value.For(model)?.Cost(input, output));
    }

    // One agent object per name, built on first use: its settings are fixed at start-up, and it keeps no state between runs.
    private AIAgent Build(string name)
    {
        var definition = options.Value.Named[name];
        var chatAgent = new ChatClientAgent(pipeline, new ChatClientAgentOptions
        {
            Name = name,
            Description = definition.Description,
            // The pipeline already invokes functions (with the app's limits and metrics): use it as it is.
            UseProvidedChatClientAsIs = true,
            ChatOptions = new ChatOptions
            {
                Instructions = definition.Instructions,
                Tools = [.. tools.All.Where(t => definition.Tools.Contains(t.Name))],
                ModelId = definition.ModelId,
                Temperature = definition.Temperature,
                MaxOutputTokens = definition.MaxOutputTokens,
            },
        }, loggers, services);
        return chatAgent.AsBuilder()
            .UseOpenTelemetry(ActivitySourceName, telemetry => telemetry.EnableSensitiveData = agent.Value.CaptureMessageContent)
            .Build(services);
    }
}
