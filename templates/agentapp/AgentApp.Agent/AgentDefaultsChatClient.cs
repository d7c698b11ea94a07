using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent;

/// <summary>
/// What every request to the agent gets, whoever sends it: the system prompt (unless the caller brought its own), the
/// agent's tools (unless the caller brought tools of its own to call), and an output limit no request can raise. A named
/// agent's turn (<see cref="Agents.AgentTurn"/>) keeps its own instructions and exactly its own tools.
/// </summary>
public sealed class AgentDefaultsChatClient(IChatClient innerClient, AgentOptions options, IList<AITool> tools)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(WithSystemPrompt(messages), WithDefaults(chatOptions), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(WithSystemPrompt(messages), WithDefaults(chatOptions), cancellationToken);

    private IEnumerable<ChatMessage> WithSystemPrompt(IEnumerable<ChatMessage> messages)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        return list.Any(m => m.Role == ChatRole.System) || Agents.AgentTurn.Current is not null
            ? list
            : [new ChatMessage(ChatRole.System, options.SystemPrompt), .. list];
    }

    private ChatOptions WithDefaults(ChatOptions? chatOptions)
    {
        var result = chatOptions?.Clone() ?? new ChatOptions();
        result.MaxOutputTokens = Math.Min(result.MaxOutputTokens ?? options.MaxOutputTokens, options.MaxOutputTokens);
        // Tools the caller declared but the agent cannot run (an OpenAI client's own functions) replace the agent's tools
        // for this request: the caller asked for those, and a call to them goes back to the caller.
        if (result.Tools?.Any(t => t is not AIFunction) == true || Agents.AgentTurn.Current is not null)
        {
            return result;
        }

        result.Tools = [.. result.Tools ?? [], .. tools.Where(t => result.Tools?.Any(existing => existing.Name == t.Name) != true)];
        return result;
    }
}

/// <summary>Adds <see cref="AgentDefaultsChatClient"/> to a pipeline.</summary>
public static class AgentDefaultsChatClientBuilderExtensions
{
    /// <summary>Adds the system prompt, the tools from <see cref="Tools.AgentTools"/> and the output limit from <see cref="AgentOptions"/>.</summary>
    public static ChatClientBuilder UseAgentDefaults(this ChatClientBuilder builder) =>
        builder.Use((inner, services) => new AgentDefaultsChatClient(inner,
            services.GetRequiredService<IOptions<AgentOptions>>().Value,
            services.GetRequiredService<Tools.AgentTools>().All));

    /// <summary>
    /// Function invocation bounded by <see cref="AgentOptions.MaxToolIterations"/>; tools get the app's services, and each
    /// call is counted in <c>agentapp.tool.calls</c> (unknown tools never reach the invoker: the model is told instead).
    /// </summary>
    public static ChatClientBuilder UseAgentFunctionInvocation(this ChatClientBuilder builder) =>
        builder.Use((inner, services) =>
        {
            var metrics = services.GetRequiredService<Telemetry.AgentMetrics>();
            return new FunctionInvokingChatClient(inner, services.GetService<ILoggerFactory>(), services)
            {
                MaximumIterationsPerRequest = services.GetRequiredService<IOptions<AgentOptions>>().Value.MaxToolIterations,
                // Counts every call by tool and outcome; the invocation itself is the default one.
                FunctionInvoker = async (context, cancellationToken) =>
                {
                    try
                    {
                        var result = await context.Function.InvokeAsync(context.Arguments, cancellationToken);
                        metrics.ToolCall(context.Function.Name, "success");
                        return result;
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        metrics.ToolCall(context.Function.Name, "error");
                        throw;
                    }
                },
            };
        });

    /// <summary>
    /// GenAI spans per model call; prompts and replies are recorded only with <see cref="AgentOptions.CaptureMessageContent"/>
    /// (MEAI would follow <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>, which Aspire sets to true).
    /// </summary>
    public static ChatClientBuilder UseAgentOpenTelemetry(this ChatClientBuilder builder) =>
        builder.Use((inner, services) =>
        {
            var client = new OpenTelemetryChatClient(inner, services.GetService<ILoggerFactory>()?.CreateLogger(typeof(OpenTelemetryChatClient)));
            client.EnableSensitiveData = services.GetRequiredService<IOptions<AgentOptions>>().Value.CaptureMessageContent;
            return client;
        });
}
