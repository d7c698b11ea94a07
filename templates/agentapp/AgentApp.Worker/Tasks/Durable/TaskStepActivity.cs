using System.Diagnostics;
using AgentApp.Worker.Telemetry;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>What every step of a task's workflow is given: the task, and the trace it belongs to.</summary>
public interface ITaskStepInput
{
    /// <summary>The task.</summary>
    string TaskId { get; }

    /// <summary>The W3C <c>traceparent</c> of the span that started the task's workflow (the task message's <c>process</c> span).</summary>
    string? TraceParent { get; }
}

/// <summary>
/// A step of a task's workflow, run in a span of the task's trace: the workflow may resume in another process long after
/// the message that started it, so each step continues the trace from its input rather than from whatever is current.
/// </summary>
public abstract class TaskStepActivity<TInput, TOutput> : WorkflowActivity<TInput, TOutput>
    where TInput : ITaskStepInput
{
    /// <inheritdoc />
    public sealed override async Task<TOutput> RunAsync(WorkflowActivityContext context, TInput input)
    {
        ActivityContext.TryParse(input.TraceParent, null, out var parent);
        using var span = TaskSpans.Source.StartActivity($"task {GetType().Name.Replace("Activity", "", StringComparison.Ordinal)}", ActivityKind.Internal, parent);
        span?.SetTag("agentapp.task.id", input.TaskId);
        try
        {
            return await RunStepAsync(context, input);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>The step itself.</summary>
    protected abstract Task<TOutput> RunStepAsync(WorkflowActivityContext context, TInput input);
}
