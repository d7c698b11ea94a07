using AgentApp.Contracts;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// What other apps may do to the task workflows this app hosts, reached by Dapr service invocation: a workflow's events can
/// only be raised through the sidecar of the app that scheduled it, which is this one.
/// </summary>
public static class TaskWorkflowEndpoints
{
    /// <summary>
    /// Maps <c>POST /workflows/tasks/{id}/approval</c> (a person's decision, raised on the task's approval step) and
    /// <c>DELETE /workflows/tasks/{id}</c> (retention: purges the task's workflow and its approval step once they have ended).
    /// </summary>
    public static IEndpointRouteBuilder MapTaskWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + TaskWorkflowHost.ApprovalPath("{id}"), RaiseApprovalAsync);
        app.MapDelete("/" + TaskWorkflowHost.InstancesPath("{id}"), PurgeAsync);
        return app;
    }

    /// <summary>The workflow instances task <paramref name="taskId"/> may have: its approval step first, then the task's own.</summary>
    public static IReadOnlyList<string> InstancesOf(string taskId) =>
        [TaskApprovalWorkflowNames.InstanceIdFor(taskId), AgentTaskWorkflowNames.InstanceIdFor(taskId)];

    private static async Task<IResult> PurgeAsync(string id, IDaprWorkflowClient workflows, IOptions<TaskWorkerOptions> options,
        CancellationToken cancellationToken)
    {
        if (!TaskActorType.IsValidId(id))
        {
            return InvalidId();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        var purged = 0;
        try
        {
            foreach (var instance in InstancesOf(id))
            {
                var state = await workflows.GetWorkflowStateAsync(instance, false, timeout.Token);
                if (state is not { Exists: true })
                {
                    continue;
                }

                if (state.RuntimeStatus is not (WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The task's workflow has not ended.",
                        detail: $"Workflow instance '{instance}' is {state.RuntimeStatus}: only ended instances are purged.");
                }

                purged += await workflows.PurgeInstanceAsync(instance, timeout.Token) ? 1 : 0;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The workflow engine did not answer.",
                detail: $"{ex.GetType().Name}: nothing more was purged; try again.");
        }

        return TypedResults.Ok(new TaskWorkflowsPurged(purged));
    }

    private static async Task<IResult> RaiseApprovalAsync(string id, ApprovalEvent? decision, IDaprWorkflowClient workflows,
        IOptions<TaskWorkerOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!TaskActorType.IsValidId(id))
        {
            return InvalidId();
        }

        if (decision is null || string.IsNullOrEmpty(decision.DecidedBy))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send {\"approved\": true|false, \"decidedBy\": \"...\"}."] });
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        try
        {
            await workflows.RaiseEventAsync(TaskApprovalWorkflowNames.InstanceIdFor(id), TaskApprovalWorkflowNames.ApprovalEvent, decision, timeout.Token);
            return TypedResults.Accepted((string?)null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(TaskWorkflowEndpoints)).LogWarning(ex, "Raising the approval of task {TaskId} failed", id);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The workflow engine did not take the decision.",
                detail: $"{ex.GetType().Name}: the decision was not recorded; try again.");
        }
    }

    private static IResult InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["A task id is 't' followed by 32 lower-case hex digits."] });
}
