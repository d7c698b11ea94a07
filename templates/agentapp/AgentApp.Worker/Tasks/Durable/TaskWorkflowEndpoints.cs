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
    /// <summary>Maps <c>POST /workflows/tasks/{id}/approval</c>: a person's decision, raised on the task's approval step.</summary>
    public static IEndpointRouteBuilder MapTaskWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/workflows/tasks/{id}/approval", RaiseApprovalAsync);
        return app;
    }

    private static async Task<IResult> RaiseApprovalAsync(string id, ApprovalEvent? decision, IDaprWorkflowClient workflows,
        IOptions<TaskWorkerOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!TaskActorType.IsValidId(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["A task id is 't' followed by 32 lower-case hex digits."] });
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
}
