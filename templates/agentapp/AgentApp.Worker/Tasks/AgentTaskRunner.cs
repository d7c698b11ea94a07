using System.Diagnostics;
using System.Text.Json;
using AgentApp.Actors.Contracts;
using AgentApp.Api.Agent.Guardrails;
using AgentApp.Api.Agent.Telemetry;
using AgentApp.Api.Tasks;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks;

/// <summary>What became of one delivered task message.</summary>
public enum TaskOutcome
{
    /// <summary>Its effects are durable (finished, dead-lettered, or skipped as already final): commit past it.</summary>
    Settled,

    /// <summary>Not done (sidecar or broker unreachable, shutting down): do not commit; it is delivered again.</summary>
    HandedBack,
}

/// <summary>
/// Runs one task message through the agent: claims it in its <see cref="ITaskActor"/> (a final task is skipped, so a
/// redelivery never runs twice), records progress and the outcome there, and emits each recorded step on the events topic.
/// An agent failure is retried with exponential backoff up to <see cref="TaskWorkerOptions.MaxAttempts"/>, then the message
/// goes to the dead-letter topic and the task is marked failed. Anything else hands the message back.
/// </summary>
public sealed partial class AgentTaskRunner(IChatClient agent, TaskActors actors, TaskEventProducer events, IOptions<TaskWorkerOptions> options,
    IOptions<KafkaOptions> kafka, TaskWorkerMetrics metrics, TimeProvider time, ILogger<AgentTaskRunner> logger)
{
    /// <summary>The source of the worker's task spans (children of the submitting request's trace).</summary>
    public static readonly ActivitySource Source = new("AgentApp.Worker.Tasks");

    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Runs <paramref name="delivery"/>; never throws for a task's own failure.</summary>
    public async Task<TaskOutcome> RunAsync(ConsumeResult<string, string> delivery, CancellationToken cancellationToken)
    {
        if (Parse(delivery.Message.Value) is not { } task)
        {
            LogMalformed(delivery.TopicPartitionOffset.ToString());
            return await SettleMalformedAsync(delivery, cancellationToken);
        }

        using var activity = KafkaSpans.StartProcess(Source, delivery, kafka.Value.ConsumerGroup);
        activity?.SetTag("agentapp.task.id", task.TaskId);
        try
        {
            return await RunTaskAsync(task, delivery.Message, cancellationToken);
        }
        catch (Exception ex)
        {
            // The sidecar, the actors service or the broker failed us, or we are stopping: the task's state says how far it
            // got, and the redelivery continues from there.
            LogHandedBack(ex, task.TaskId, ex.GetType().Name, ex.Message);
            KafkaSpans.Failed(activity, ex);
            metrics.HandedBack();
            return TaskOutcome.HandedBack;
        }
    }

    private async Task<TaskOutcome> RunTaskAsync(AgentTaskMessage task, Message<string, string> message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var actor = actors.For(task.TaskId, cancellationToken);
        var started = time.GetTimestamp();
        // Events are produced without waiting for each acknowledgement (one producer, keyed by task id: they stay in order)
        // and awaited together before the message counts as settled, so its offset is still committed only after them.
        var published = new List<Task>();
        while (true)
        {
            var start = await actor.StartAsync(new StartTaskRequest(_worker));
            if (!start.Run)
            {
                LogSkipped(task.TaskId, start.Status ?? "unknown");
                await Task.WhenAll(published);
                return TaskOutcome.Settled;
            }

            metrics.Started();
            published.Add(events.PublishAsync(task.TaskId, start.Step!, AgentTaskStatus.Running, cancellationToken));
            ChatResponse response;
            try
            {
                // The task's tenant is the guardrails' caller: its tool allowlist applies, audit events name it.
                using (AmbientAgentCaller.Begin(task.Tenant, null))
                {
                    response = await agent.GetResponseAsync([new ChatMessage(ChatRole.User, task.Goal)],
                        CostTrackingChatClient.ForTenant(task.Tenant), cancellationToken);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var error = ex is GuardrailViolationException refusal
                    ? $"Refused by the guardrail '{refusal.Rule}': {refusal.Message}"
                    : $"{ex.GetType().Name}: {ex.Message}";
                // A refusal is final: the same goal would be refused again.
                if (start.Attempts >= o.MaxAttempts || ex is GuardrailViolationException)
                {
                    LogDeadLettered(ex, task.TaskId, start.Attempts);
                    // Dead letter first: a task marked failed always has its message in the DLQ.
                    await events.DeadLetterAsync(message, error, cancellationToken);
                    metrics.DeadLettered();
                    var failed = await actor.CompleteAsync(new CompleteTaskRequest(false, null, $"Failed after {start.Attempts} attempt(s): {error}"));
                    if (failed is not null)
                    {
                        metrics.Failed(time.GetElapsedTime(started));
                        published.Add(events.PublishAsync(task.TaskId, failed, AgentTaskStatus.Failed, cancellationToken));
                    }

                    await Task.WhenAll(published);
                    return TaskOutcome.Settled;
                }

                metrics.Retried();
                var retry = await actor.RecordStepAsync(new RecordStepRequest("retry", $"attempt {start.Attempts} failed: {error}"));
                published.Add(events.PublishAsync(task.TaskId, retry, AgentTaskStatus.Running, cancellationToken));
                await Task.Delay(o.RetryBackoff * Math.Pow(2, start.Attempts - 1), time, cancellationToken);
                continue;
            }

            foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
            {
                var step = await actor.RecordStepAsync(new RecordStepRequest("tool", call.Name));
                published.Add(events.PublishAsync(task.TaskId, step, AgentTaskStatus.Running, cancellationToken));
            }

            var done = await actor.CompleteAsync(new CompleteTaskRequest(true, response.Text, null));
            if (done is not null)
            {
                metrics.Succeeded(time.GetElapsedTime(started));
                published.Add(events.PublishAsync(task.TaskId, done, AgentTaskStatus.Succeeded, cancellationToken));
            }

            await Task.WhenAll(published);
            return TaskOutcome.Settled;
        }
    }

    private async Task<TaskOutcome> SettleMalformedAsync(ConsumeResult<string, string> delivery, CancellationToken cancellationToken)
    {
        try
        {
            await events.DeadLetterAsync(delivery.Message, "Not a task message: expected JSON with taskId (t + 32 hex digits), tenant and goal.", cancellationToken);
            metrics.DeadLettered();
            return TaskOutcome.Settled;
        }
        catch (Exception ex)
        {
            LogHandedBack(ex, "(malformed)", ex.GetType().Name, ex.Message);
            metrics.HandedBack();
            return TaskOutcome.HandedBack;
        }
    }

    private static AgentTaskMessage? Parse(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<AgentTaskMessage>(json, JsonSerializerOptions.Web) is
                { Tenant.Length: > 0, Goal.Length: > 0 } task && TaskActorType.IsValidId(task.TaskId) ? task : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} is already {Status}: skipped")]
    private partial void LogSkipped(string taskId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} failed {Attempts} time(s): dead-lettered")]
    private partial void LogDeadLettered(Exception exception, string taskId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} handed back ({Error}: {Reason}); it will be delivered again")]
    private partial void LogHandedBack(Exception exception, string taskId, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed task message at {Position}: dead-lettered")]
    private partial void LogMalformed(string position);
}
