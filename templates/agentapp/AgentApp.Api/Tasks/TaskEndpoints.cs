using AgentApp.Agent.Agents;
using AgentApp.Agent.Guardrails;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using AgentApp.Contracts;
using AgentApp.Messaging;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Tasks;

/// <summary><c>POST /v1/tasks</c> and <c>GET /v1/tasks/{id}</c>: long-running agent work, run by the workers through Kafka.</summary>
public static partial class TaskEndpoints
{
    /// <summary>Maps the task endpoints on the group.</summary>
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder group)
    {
        var tasks = group.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("/", SubmitAsync)
            .WithName("SubmitTask")
            .WithSummary("Submits a task for the agent; 202 with its id and a Location to follow.")
            .Produces<TaskAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        tasks.MapGet("/{id}", GetAsync)
            .WithName("GetTask")
            .WithSummary("A task's status, progress and outcome.")
            .Produces<AgentTask>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        tasks.MapTaskControl();
        return group;
    }

    private static async Task<IResult> SubmitAsync(SubmitTaskRequest request, ICallerIdentity caller, TaskTracker tracker, ITaskQueue queue,
        IOptions<GuardrailOptions> guardrails, NamedAgents namedAgents, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if ((Validate(request, guardrails.Value) ?? ValidateTeam(request, namedAgents)) is { } invalid)
        {
            return invalid;
        }

        var goal = request.Goal!.Trim();
        var id = TaskActorType.IdFor(caller.Tenant, request.IdempotencyKey);
        var created = await tracker.CreateAsync(id, new CreateTaskRequest(caller.Tenant, goal, request.ConversationId, request.IdempotencyKey, caller.Subject),
            cancellationToken);
        switch (created)
        {
            case { Problem: { } problem }:
                return Unavailable(problem);
            case { Value: { Accepted: false } or { Task: null } }:
                return Conflict("The idempotency key is in use.");
            case { Value: { Created: false, Task: { } existing } }:
                // The same key again: the same task, as long as it asks for the same thing.
                return existing.Goal == goal && existing.ConversationId == request.ConversationId
                    ? Accepted(id, existing.Status!)
                    : Conflict("This idempotency key was used for a different task; use a new key for new work.");
        }

        try
        {
            await queue.EnqueueAsync(new AgentTaskMessage(id, caller.Tenant, goal, request.ConversationId, time.GetUtcNow(), request.Mode,
                request.Agents is { Count: > 0 } team ? team : null), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = $"The task could not be queued: {ex.Message}";
            LogEnqueueFailed(loggers.CreateLogger(typeof(TaskEndpoints)), ex, id);
            // Nobody will run it: say so in its state too, so a retry with the same key does not wait forever.
            await tracker.FailAsync(id, reason, CancellationToken.None);
            return Unavailable($"{reason} Check that Kafka is running and ConnectionStrings:kafka points at it.");
        }

        return Accepted(id, AgentTaskStatus.Queued);
    }

    private static async Task<IResult> GetAsync(string id, ICallerIdentity caller, TaskTracker tracker, CancellationToken cancellationToken)
    {
        if (!TaskActorType.IsValidId(id))
        {
            return ApiProblems.Invalid("id", "A task id is 't' followed by 32 lower-case hex digits, as returned by POST /v1/tasks.");
        }

        var read = await tracker.GetAsync(id, caller.Tenant, cancellationToken);
        return read switch
        {
            { Problem: { } problem } => Unavailable(problem),
            { Value: { } task } => TypedResults.Ok(task),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found.",
                detail: $"There is no task '{id}' for this tenant."),
        };
    }

    private static IResult? Validate(SubmitTaskRequest request, GuardrailOptions guardrails)
    {
        if (string.IsNullOrWhiteSpace(request.Goal))
        {
            return ApiProblems.Invalid("goal", "Say what the agent should do: 'goal' is required.");
        }

        if (request.Goal.Length > guardrails.MaxMessageLength)
        {
            return ApiProblems.Invalid("goal", $"'goal' is at most {guardrails.MaxMessageLength} characters.");
        }

        if (request.ConversationId is not null && !ConversationActorType.IsValidId(request.ConversationId))
        {
            return ApiProblems.Invalid("conversationId",
                $"A conversation id is 1-{ConversationActorType.MaxIdLength} letters, digits, '-' or '_', starting with a letter or digit.");
        }

        if (request.IdempotencyKey is { } key
            && (key.Length is 0 or > TaskActorType.MaxIdempotencyKeyLength || key.Any(char.IsControl)))
        {
            return ApiProblems.Invalid("idempotencyKey", $"An idempotency key is 1-{TaskActorType.MaxIdempotencyKeyLength} printable characters.");
        }

        return null;
    }

    /// <summary>The most agents a task may name.</summary>
    public const int MaxAgents = 16;

    // A mode must be one the worker runs, and every agent one it knows: checked here, so a typo is a 400, not a failed task.
    private static IResult? ValidateTeam(SubmitTaskRequest request, NamedAgents agents)
    {
        if (request.Mode is not null && !OrchestrationModes.IsValid(request.Mode))
        {
            return ApiProblems.Invalid("mode",
                $"'mode' is one of {string.Join(", ", OrchestrationModes.All)}; leave it out to have the single agent run the task.");
        }

        if (request.Agents is not { Count: > 0 } team)
        {
            return null;
        }

        if (request.Mode is null)
        {
            return ApiProblems.Invalid("agents", $"'agents' names a team for a 'mode' ({string.Join(", ", OrchestrationModes.All)}); add one, or leave 'agents' out.");
        }

        if (team.Count > MaxAgents)
        {
            return ApiProblems.Invalid("agents", $"'agents' names at most {MaxAgents} agents.");
        }

        for (var i = 0; i < team.Count; i++)
        {
            if (!agents.Contains(team[i]))
            {
                return ApiProblems.Invalid($"agents[{i}]", team[i] is { } name
                    ? $"There is no agent '{Shorten(name)}'. The agents are: {string.Join(", ", agents.Names.Order(StringComparer.Ordinal))}."
                    : "An agent is named by a string.");
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static IResult Accepted(string id, string status) => TypedResults.Accepted($"/v1/tasks/{id}", new TaskAccepted(id, status));

    private static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key conflict.", detail: detail);

    private static IResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Agent tasks are unavailable.", detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} could not be enqueued")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, string taskId);
}
