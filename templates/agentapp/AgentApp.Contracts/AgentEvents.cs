using System.Text.Json.Serialization;

namespace AgentApp.Contracts;

/// <summary>
/// One message on <see cref="TaskTopics.Events"/>: a CloudEvents 1.0 envelope (structured JSON mode) with the attributes
/// Dapr pub/sub puts on the events it publishes, so an app subscribed through a Dapr <c>pubsub.kafka</c> component gets
/// it as it is (Dapr passes a message that already is a CloudEvent through unchanged:
/// https://docs.dapr.io/developing-applications/building-blocks/pubsub/pubsub-cloudevents/). Keyed by task id, so one
/// task's events stay in order. Its JSON Schema is <c>Schemas/agent-event.schema.json</c> in this library.
/// </summary>
/// <param name="Id">Unique per event and stable across a re-publish: <c>{taskId}-{sequence}</c> (subscribers deduplicate on it).</param>
/// <param name="Source">Who produced it: <c>agents/{name}</c> for a named agent's turn, else the app (<c>worker</c>).</param>
/// <param name="Type">One of <see cref="AgentEventTypes"/>.</param>
/// <param name="Subject">The task id.</param>
/// <param name="Time">When the step happened.</param>
/// <param name="Data">The step.</param>
/// <param name="TaskId">The task (extension attribute, for routing without reading <c>data</c>).</param>
/// <param name="Sequence">The step's sequence number within the task (extension attribute).</param>
/// <param name="TraceParent">W3C trace context of the span that produced it, as Dapr sets it.</param>
/// <param name="TraceState">W3C trace state, when there is one.</param>
public sealed record AgentEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("data")] AgentEventData Data,
    [property: JsonPropertyName("taskid")] string TaskId,
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("traceparent")] string? TraceParent,
    [property: JsonPropertyName("tracestate")] string? TraceState)
{
    /// <summary>CloudEvents version.</summary>
    [JsonPropertyName("specversion")]
    public string SpecVersion => "1.0";

    /// <summary>The content type of <see cref="Data"/>.</summary>
    [JsonPropertyName("datacontenttype")]
    public string DataContentType => "application/json";

    /// <summary>The topic, as Dapr's envelope names it.</summary>
    [JsonPropertyName("topic")]
    public string Topic => TaskTopics.Events;

    /// <summary>The Dapr pub/sub component subscribers use for the topic.</summary>
    [JsonPropertyName("pubsubname")]
    public string PubSubName => AgentEventTypes.PubSubName;

    /// <summary>Dapr's older name for the trace context; the same value as <see cref="TraceParent"/>.</summary>
    [JsonPropertyName("traceid")]
    public string? TraceId => TraceParent;

    /// <summary>The CloudEvent for <paramref name="step"/> of <paramref name="taskId"/> (status after it: <paramref name="status"/>).</summary>
    public static AgentEvent For(string taskId, AgentTaskStep step, string status, string app, AgentTurnUsage? usage,
        string? traceParent, string? traceState) =>
        new($"{taskId}-{step.Sequence}",
            step.Agent is { } agent ? $"agents/{agent}" : app,
            step.Agent is null ? AgentEventTypes.Step : AgentEventTypes.AgentTurn,
            taskId, step.At,
            new AgentEventData(taskId, step.Sequence, step.Kind, status, step.Detail, step.At, step.Agent, usage),
            taskId, step.Sequence, traceParent, string.IsNullOrEmpty(traceState) ? null : traceState);
}

/// <summary>The <c>data</c> of an <see cref="AgentEvent"/>: one recorded step of a task.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Sequence">The step's sequence number, increasing per task.</param>
/// <param name="Kind">What happened: one of <see cref="TaskStepKinds"/>.</param>
/// <param name="Status">The task's status after it.</param>
/// <param name="Detail">A short description (an agent's answer, shortened).</param>
/// <param name="At">When it happened.</param>
/// <param name="Agent">The named agent whose turn it was.</param>
/// <param name="Usage">What that turn used.</param>
public sealed record AgentEventData(string TaskId, int Sequence, string Kind, string Status, string Detail, DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Agent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AgentTurnUsage? Usage = null);

/// <summary>What one agent turn used, attributed to that agent.</summary>
/// <param name="Model">The model that answered.</param>
/// <param name="InputTokens">Input tokens, over the turn's tool loop.</param>
/// <param name="OutputTokens">Output tokens, over the turn's tool loop.</param>
/// <param name="Cost">Estimated spend from the ModelPricing table; null when the model has no price.</param>
public sealed record AgentTurnUsage(string Model, long InputTokens, long OutputTokens, decimal? Cost);

/// <summary>The <c>type</c>s of <see cref="AgentEvent"/>s, and the pub/sub component that carries them.</summary>
public static class AgentEventTypes
{
    /// <summary>A task's step (started, tool, approval, succeeded, …).</summary>
    public const string Step = "agentapp.task.step";

    /// <summary>A named agent's turn in a multi-agent task.</summary>
    public const string AgentTurn = "agentapp.agent.turn";

    /// <summary>The Dapr pub/sub component for <see cref="TaskTopics.Events"/> (the AppHost declares it).</summary>
    public const string PubSubName = "agent-events";
}

/// <summary>The JSON Schema of <see cref="AgentEvent"/>, embedded in this library.</summary>
public static class AgentEventSchema
{
    /// <summary>The schema's text (JSON Schema 2020-12).</summary>
    public static string Text => field ??= Read();

    private static string Read()
    {
        using var stream = typeof(AgentEventSchema).Assembly.GetManifestResourceStream("schemas/agent-event.schema.json")
            ?? throw new InvalidOperationException("The agent-event schema is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
