using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentApp.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Tasks;

/// <summary>The SSE event types of <c>GET /v1/tasks/{id}/events</c>.</summary>
public static class TaskEventTypes
{
    /// <summary>The task as it is when the stream starts (only without <c>Last-Event-ID</c>).</summary>
    public const string Snapshot = "snapshot";

    /// <summary>The status changed: started, waiting for approval, approved, cancelled.</summary>
    public const string Status = "status";

    /// <summary>Work happened without a status change: a tool call, a named agent's turn, a retry, a compensation.</summary>
    public const string Progress = "progress";

    /// <summary>The task succeeded; the stream ends.</summary>
    public const string Result = "result";

    /// <summary>The task failed (the stream ends), or the stream cannot follow it any more (reconnect later).</summary>
    public const string Error = "error";

    /// <summary>The event type of a step of kind <paramref name="kind"/>.</summary>
    public static string For(string kind) => kind switch
    {
        TaskStepKinds.Succeeded => Result,
        TaskStepKinds.Failed => Error,
        TaskStepKinds.Tool or TaskStepKinds.Retry or TaskStepKinds.Compensated or TaskStepKinds.Agent => Progress,
        _ => Status,
    };
}

/// <summary>
/// Writes a task's steps as server-sent events, each with its durable sequence number as <c>id:</c>, from a snapshot (or
/// from after <c>Last-Event-ID</c>) until the task is final. It polls the task actor without holding a thread: the wait
/// between reads doubles while nothing changes (bounded), and idle streams get heartbeat comments.
/// </summary>
public sealed partial class TaskEventStream(TaskTracker tracker, IOptions<TaskLifecycleOptions> options, TimeProvider time, ILogger<TaskEventStream> logger)
{
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    /// <summary>Streams task <paramref name="id"/> for <paramref name="tenant"/>, starting from <paramref name="first"/>.</summary>
    public async Task WriteAsync(HttpContext context, string id, string tenant, AgentTask first, int? lastEventId)
    {
        var o = options.Value;
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx and friends: pass events through as they come
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var view = first;
        var after = lastEventId ?? LastSequence(view);
        try
        {
            // Headers now: a resumed stream may have nothing to send for a while, and the client is waiting for them.
            await response.StartAsync(cancellationToken);
            if (lastEventId is null)
            {
                await WriteEventAsync(response, TaskEventTypes.Snapshot, after, view, cancellationToken);
            }

            var wait = o.EventPollInterval;
            var lastWrite = time.GetTimestamp();
            while (true)
            {
                var wrote = false;
                foreach (var step in view.Steps.Where(s => s.Sequence > after).OrderBy(s => s.Sequence))
                {
                    var data = new AgentEventData(id, step.Sequence, step.Kind, step.Status ?? view.Status, step.Detail, step.At, step.Agent);
                    await WriteEventAsync(response, TaskEventTypes.For(step.Kind), step.Sequence, data, cancellationToken);
                    after = step.Sequence;
                    wrote = true;
                }

                if (AgentTaskStatus.IsFinal(view.Status))
                {
                    LogClosed(id, $"the task is {view.Status}");
                    return;
                }

                if (wrote)
                {
                    lastWrite = time.GetTimestamp();
                    wait = o.EventPollInterval;
                }
                else
                {
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, o.EventPollMaxInterval.Ticks));
                }

                await Task.Delay(wait, time, cancellationToken);
                if (time.GetElapsedTime(lastWrite) >= o.HeartbeatInterval)
                {
                    await response.Body.WriteAsync(s_heartbeat, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastWrite = time.GetTimestamp();
                }

                var read = await tracker.GetAsync(id, tenant, cancellationToken);
                if (read.Problem is { } problem)
                {
                    // No id: the client reconnects with the last id it has and loses nothing.
                    await WriteEventAsync(response, TaskEventTypes.Error, null, new { detail = problem }, cancellationToken);
                    LogClosed(id, "task tracking is unavailable");
                    return;
                }

                if (read.Value is not { } next)
                {
                    LogClosed(id, "the task is gone");
                    return;
                }

                view = next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: nothing to clean up but this request.
            LogClosed(id, "the client disconnected");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event stream of task {TaskId} closed: {Reason}")]
    private partial void LogClosed(string taskId, string reason);

    private static int LastSequence(AgentTask view) => view.Steps.Count == 0 ? 0 : view.Steps.Max(s => s.Sequence);

    private static async Task WriteEventAsync(HttpResponse response, string type, int? id, object data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (id is { } sequence)
        {
            text.Append("id: ").Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("event: ").Append(type).Append('\n');
        // Web JSON has no raw newlines, so the data is one line.
        text.Append("data: ").Append(JsonSerializer.Serialize(data, JsonSerializerOptions.Web)).Append("\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}

/// <summary>The event stream as an endpoint result: it owns the response from the first byte (headers, then events).</summary>
public sealed class TaskEventsResult(Func<HttpContext, Task> write) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
}
