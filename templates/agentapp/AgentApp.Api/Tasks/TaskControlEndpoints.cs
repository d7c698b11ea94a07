using AgentApp.Api.Dapr;
using AgentApp.Contracts;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Tasks;

/// <summary>
/// <c>GET /v1/tasks/{id}/events</c>, <c>POST /v1/tasks/{id}/cancel</c> and <c>POST /v1/tasks/{id}/approval</c>: following
/// and steering a task. Every one answers for the owner only (404 otherwise) and 503 naming the fix without a sidecar.
/// </summary>
public static class TaskControlEndpoints
{
    /// <summary>Maps the endpoints on the tasks group.</summary>
    public static RouteGroupBuilder MapTaskControl(this RouteGroupBuilder tasks)
    {
        tasks.MapGet("/{id}/events", EventsAsync)
            .WithName("GetTaskEvents")
            .WithSummary("The task's events as server-sent events until it ends; resumable with Last-Event-ID.")
            .WithDescription("Without Last-Event-ID the stream starts with a 'snapshot' event (the task now, id = its last step); " +
                             "then one event per step: 'status', 'progress', 'result' or 'error', each with the step's sequence number " +
                             "as id. With Last-Event-ID: n it sends the steps after n, no gaps, no repeats (0 = all).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        tasks.MapPost("/{id}/cancel", CancelAsync)
            .WithName("CancelTask")
            .WithSummary("Cancels a queued, running or waiting task; a running one stops at its next step, a waiting one's approval is rejected.")
            .Produces<TaskControlResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        tasks.MapPost("/{id}/approval", ApproveAsync)
            .WithName("DecideTaskApproval")
            .WithSummary("Approves or rejects the tool call a waiting task needs; rejecting cancels the task.")
            .Accepts<TaskApprovalRequest>("application/json")
            .WithDescription($"Needs the '{TaskApprovalPolicy.ApproveScope}' scope; the subject that submitted the task may not decide " +
                             "on it (unless Tasks:AllowSelfApproval). Every decision, and every refused attempt, is an audit event.")
            .Produces<TaskControlResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return tasks;
    }

    private static async Task<IResult> EventsAsync(string id, HttpContext context, ICallerIdentity caller, TaskTracker tracker, TaskEventStream stream)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        int? lastEventId = null;
        if (context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header)
        {
            if (!int.TryParse(header.Trim(), out var parsed) || parsed < 0)
            {
                return ApiProblems.Invalid("Last-Event-ID", "Last-Event-ID is the id of the last event received: a whole number, 0 or more.");
            }

            lastEventId = parsed;
        }

        var read = await tracker.GetAsync(id, caller.Tenant, context.RequestAborted);
        if (Failed(id, read) is { } failed)
        {
            return failed;
        }

        return new TaskEventsResult(context => stream.WriteAsync(context, id, caller.Tenant, read.Value!, lastEventId));
    }

    private static async Task<IResult> CancelAsync(string id, ICallerIdentity caller, TaskTracker tracker, ITaskApprovalWorkflows workflows,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var who = caller.Subject ?? caller.Tenant;
        var cancel = await tracker.CancelAsync(id, caller.Tenant, $"cancelled by {who}", cancellationToken);
        switch (cancel)
        {
            case { Problem: { } problem }:
                return Unavailable(problem);
            case { Value.Found: false } or { Value: null }:
                return NotFound(id);
            case { Value: { Cancelled: false } result }:
                return Conflict($"Task '{id}' is already {result.Status}: only queued, running or waiting tasks can be cancelled.");
        }

        TaskAudit.Cancel(loggers.CreateLogger(TaskAudit.Category), caller.Tenant, who, id);
        if (cancel.Value.WasWaitingForApproval
            && await workflows.RaiseAsync(id, new ApprovalEvent(false, who, "the task was cancelled"), cancellationToken) is { } untold)
        {
            // The cancel stands (the pending call is already discarded); the workflow just waits out its timer instead.
            loggers.CreateLogger(typeof(TaskControlEndpoints)).LogWarning("Task {TaskId} was cancelled, but its approval workflow was not told: {Problem}", id, untold);
        }

        return TypedResults.Ok(new TaskControlResult(id, AgentTaskStatus.Cancelled, $"cancelled by {who}"));
    }

    private static async Task<IResult> ApproveAsync(string id, TaskApprovalRequest? request, ICallerIdentity caller, TaskTracker tracker,
        ITaskApprovalWorkflows workflows, IOptions<TaskLifecycleOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var audit = loggers.CreateLogger(TaskAudit.Category);
        var who = caller.Subject ?? caller.Tenant;
        if (TaskApprovalPolicy.MissingScope(caller) is { } missingScope)
        {
            TaskAudit.ApprovalRefused(audit, caller.Tenant, who, id, "missing_scope");
            return Forbidden(missingScope);
        }

        if (request is null)
        {
            return ApiProblems.Invalid("body", "Send a JSON body such as {\"approved\": true, \"comment\": \"looks right\"}.");
        }

        if (request.Approved is not { } approved)
        {
            return ApiProblems.Invalid("approved", "Say whether the tool call may run: 'approved' is true or false.");
        }

        if (request.Comment is { Length: > TaskLifecycleOptions.MaxCommentLength })
        {
            return ApiProblems.Invalid("comment", $"'comment' is at most {TaskLifecycleOptions.MaxCommentLength} characters.");
        }

        var read = await tracker.GetAsync(id, caller.Tenant, cancellationToken);
        if (Failed(id, read) is { } failed)
        {
            return failed;
        }

        if (read.Value!.Status != AgentTaskStatus.WaitingApproval)
        {
            return Conflict($"Task '{id}' is {read.Value.Status}, not waiting for approval.");
        }

        if (TaskApprovalPolicy.SelfApproval(caller, read.Value, options.Value) is { } selfApproval)
        {
            TaskAudit.ApprovalRefused(audit, caller.Tenant, who, id, "self_approval");
            return Forbidden(selfApproval);
        }

        if (await workflows.RaiseAsync(id, new ApprovalEvent(approved, who, request.Comment), cancellationToken) is { } problem)
        {
            return Unavailable(problem);
        }

        var decision = approved ? "approved" : "rejected";
        TaskAudit.Approval(audit, decision, caller.Tenant, who, id, read.Value.SubmittedBy ?? "", request.Comment);
        return TypedResults.Accepted($"/v1/tasks/{id}", new TaskControlResult(id, AgentTaskStatus.WaitingApproval,
            approved ? $"approved by {who}: the task continues" : $"rejected by {who}: the task will be cancelled"));
    }

    private static IResult? InvalidId(string id) => TaskActorType.IsValidId(id) ? null
        : ApiProblems.Invalid("id", "A task id is 't' followed by 32 lower-case hex digits, as returned by POST /v1/tasks.");

    private static IResult? Failed(string id, ActorCallResult<AgentTask?> read) => read switch
    {
        { Problem: { } problem } => Unavailable(problem),
        { Value: not null } => null,
        _ => NotFound(id),
    };

    private static IResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found.", detail: $"There is no task '{id}' for this tenant.");

    private static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to decide on this approval.", detail: detail);

    private static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The task is not in a state for this.", detail: detail);

    private static IResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Agent tasks are unavailable.", detail: detail);
}
