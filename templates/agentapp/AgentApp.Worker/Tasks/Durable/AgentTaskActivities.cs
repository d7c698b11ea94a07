using System.Text.Json;
using AgentApp.Contracts;
using AgentApp.Agent;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Tools;
using AgentApp.Worker.Messaging;
using Dapr.Workflow;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// One model call of a task, through the agent's whole pipeline (guardrails, telemetry, cost) except that tools are
/// declared to the model but not run: the function-invocation middleware hands declaration-only tools' calls back, and
/// the workflow makes each one as its own activity.
/// </summary>
public sealed partial class CallModelActivity(IChatClient agent, AgentTools tools, TaskActorSidecar actors, TaskRecord record,
    IOptions<TaskWorkerOptions> options, TaskTokenDebit tokens, TimeProvider time, ILogger<CallModelActivity> logger)
    : TaskStepActivity<ModelCallInput, ModelTurn>
{
    /// <inheritdoc />
    protected override async Task<ModelTurn> RunStepAsync(WorkflowActivityContext context, ModelCallInput input)
    {
        var chatOptions = new ChatOptions { Tools = [.. tools.All.OfType<AIFunction>().Select(Declaration)] };
        // A cancel stops the call itself, not only the next step: the watch polls the task's actor while the model thinks.
        await using var watch = new TaskCancellationWatch(actors.For(input.TaskId, CancellationToken.None), input.Tenant,
            options.Value.CancellationPollInterval, time, CancellationToken.None);
        ChatResponse response;
        try
        {
            using (AmbientAgentCaller.Begin(input.Tenant, null))
            {
                response = await agent.GetResponseAsync(Transcript.ToMessages(input.Transcript), chatOptions, watch.Token);
            }
        }
        catch (OperationCanceledException) when (watch.TaskCancelled)
        {
            record.Stopped(input.TaskId);
            return new ModelTurn(null, [], Cancelled: true);
        }
        catch (GuardrailViolationException refusal)
        {
            return new ModelTurn(null, [], Refusal: $"Refused by the guardrail '{refusal.Rule}': {refusal.Message}");
        }

        // The tenant's token budget pays for every model call of its tasks, debited where the tokens are spent.
        await tokens.DebitAsync(input.Tenant, response);

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => new ToolCall(c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>(), JsonSerializerOptions.Web),
                tools.RequiringApproval.Contains(c.Name)))
            .ToList();
        LogModelCall(input.TaskId, input.Turn, calls.Count);
        return new ModelTurn(calls.Count == 0 ? response.Text : null, calls);
    }

    /// <summary>
    /// The tool as the model sees it (name, description, schema), never run by the pipeline, and without its approval
    /// wrapper, which the middleware would turn into an approval request: here the workflow asks for approval itself.
    /// </summary>
    private static AIFunctionDeclaration Declaration(AIFunction tool) =>
        AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, tool.JsonSchema, tool.ReturnJsonSchema);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: model call {Turn} done ({Calls} tool call(s) asked for)")]
    private partial void LogModelCall(string taskId, int turn, int calls);
}

/// <summary>One tool call of a task, then its step in the task's record (skipped, and reported, when the task was cancelled).</summary>
public sealed partial class CallToolActivity(AgentTools tools, TaskRecord record, ILogger<CallToolActivity> logger)
    : TaskStepActivity<ToolCallInput, ToolCallResult>
{
    /// <inheritdoc />
    protected override async Task<ToolCallResult> RunStepAsync(WorkflowActivityContext context, ToolCallInput input)
    {
        var tool = tools.All.OfType<AIFunction>().FirstOrDefault(t => t.Name == input.Call.Name);
        string result;
        if (tool is null)
        {
            result = $"There is no tool named '{input.Call.Name}'.";
        }
        else
        {
            var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(input.Call.ArgumentsJson, JsonSerializerOptions.Web) ?? [];
            using (AmbientAgentCaller.Begin(input.Tenant, null))
            {
                result = Convert.ToString(await tool.InvokeAsync(new AIFunctionArguments(arguments)), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
        }

        LogToolCall(input.TaskId, input.Call.Name);
        var recorded = await record.StepAsync(input.TaskId, TaskStepKinds.Tool, input.Call.Name);
        if (!recorded)
        {
            record.Stopped(input.TaskId);
        }

        return new ToolCallResult(result, Cancelled: !recorded);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: tool call {Tool} done")]
    private partial void LogToolCall(string taskId, string tool);
}

/// <summary>Claims the task in its actor (a final or waiting task is not run) and publishes the step.</summary>
public sealed class StartTaskActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) => record.StartAsync(input.TaskId);
}

/// <summary>Records a failed attempt of a model call that will be tried again.</summary>
public sealed class RecordRetryActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) => record.RetryAsync(input.TaskId, input.Detail ?? "retry");
}

/// <summary>Records the final answer: the task succeeded.</summary>
public sealed class CompleteTaskActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) =>
        record.SucceedAsync(input.TaskId, input.Tenant, input.Detail, input.StartedAt);
}

/// <summary>The task failed for good: its message to the dead-letter topic, the task marked failed (<see cref="TaskFailures"/>).</summary>
public sealed class FailTaskActivity(TaskFailures failures) : TaskStepActivity<FailTaskInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, FailTaskInput input) =>
        failures.FailAsync(input.Delivery.ToMessage(), input.TaskId, input.Tenant, input.Error, input.StartedAt);
}

/// <summary>Parks the task as waiting for a person's approval of the call; false when it was cancelled meanwhile.</summary>
public sealed class RequestApprovalActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) =>
        record.RequestApprovalAsync(input.TaskId, input.Call ?? throw new ArgumentException("No call to approve.", nameof(input)));
}

/// <summary>Records the approval; false when the task moved on meanwhile (cancelled).</summary>
public sealed class ApproveTaskActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) =>
        record.ApproveAsync(input.TaskId, new ApproveTaskRequest(input.Detail ?? input.Tenant, input.Comment));
}

/// <summary>Rejected or timed out: discards the pending call so no run can ever make it.</summary>
public sealed class CompensateTaskActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) =>
        record.CompensateAsync(input.TaskId, input.Detail ?? "compensated");
}

/// <summary>Ends the task cancelled with the reason (a task already final stays as it was).</summary>
public sealed class CancelTaskActivity(TaskRecord record) : TaskStepActivity<TaskRecordInput, bool>
{
    /// <inheritdoc />
    protected override Task<bool> RunStepAsync(WorkflowActivityContext context, TaskRecordInput input) =>
        record.CancelAsync(input.TaskId, new CancelTaskRequest(input.Tenant, input.Detail ?? "cancelled"));
}
