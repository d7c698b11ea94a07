using AgentApp.Agent;
using AgentApp.Agent.Agents;
using AgentApp.Contracts;
using AgentApp.Messaging;
using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks.MultiAgent;
using AgentApp.Worker.Telemetry;
using Confluent.Kafka;
using Dapr.Workflow;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Tasks.Durable;

/// <summary>
/// Kafka stays the ingestion and backpressure path; the workflow does the work. For each task message this starts the
/// task's <see cref="AgentTaskWorkflow"/>, or its mode's multi-agent workflow (instance id = task id) through this app's own sidecar, the one whose engine
/// runs the workflows this app registers, and settles the message: its offset is committed once the instance exists. A
/// redelivered message finds the instance and only settles again. An unreachable engine hands the message back, up to
/// <see cref="TaskWorkerOptions.MaxHandBacks"/> times; then the task fails with the reason (<see cref="TaskFailures"/>).
/// </summary>
public sealed partial class WorkflowTaskRunner(IDaprWorkflowClient workflows, TaskFailures failures, IOptions<TaskWorkerOptions> options,
    IOptions<AgentOptions> agent, IOptions<KafkaOptions> kafka, NamedAgents namedAgents, TaskWorkerMetrics metrics, ILogger<WorkflowTaskRunner> logger)
{
    /// <summary>Takes <paramref name="delivery"/> on, which was handed back <paramref name="handedBack"/> times before; never throws.</summary>
    public async Task<TaskOutcome> RunAsync(ConsumeResult<string, string> delivery, int handedBack, CancellationToken cancellationToken)
    {
        if (AgentTaskMessages.Parse(delivery.Message.Value) is not { } task)
        {
            return await GiveUpAsync(delivery.Message, null, AgentTaskMessages.MalformedError);
        }

        using var activity = KafkaSpans.StartProcess(TaskSpans.Source, delivery, kafka.Value.ConsumerGroup);
        activity?.SetTag("agentapp.task.id", task.TaskId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        var id = AgentTaskWorkflowNames.InstanceIdFor(task.TaskId);
        try
        {
            if (await workflows.GetWorkflowStateAsync(id, false, timeout.Token) is { Exists: true })
            {
                LogAlreadyStarted(task.TaskId);
                return TaskOutcome.Settled;
            }

            var o = options.Value;
            var (workflow, input) = MultiAgentRegistration.For(task, namedAgents) is { } multiAgent
                ? (multiAgent.Workflow, (object)multiAgent.Input)
                : (AgentTaskWorkflowNames.Workflow, new AgentTaskInput(task.TaskId, task.Tenant, task.Goal, o.ApprovalTimeout,
                    agent.Value.MaxToolIterations + 1, o.MaxAttempts, o.RetryBackoff, TaskDelivery.From(delivery.Message), activity?.Id));
            await workflows.ScheduleNewWorkflowAsync(workflow, id, input, null, timeout.Token);
            LogStarted(task.TaskId);
            return TaskOutcome.Settled;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Two deliveries raced: the other one started it.
            return TaskOutcome.Settled;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && handedBack + 1 >= options.Value.MaxHandBacks)
        {
            KafkaSpans.Failed(activity, ex);
            return await GiveUpAsync(delivery.Message, task,
                $"Handed back {handedBack + 1} times (the workflow engine did not take the task); last: {ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            KafkaSpans.Failed(activity, ex);
            return HandBack(ex, task.TaskId);
        }
    }

    /// <summary>
    /// Dead-letters the message and marks its task failed. The dead letter is what settles it: if the task cannot be marked
    /// (its actor is away too) it stays as it was, and its message is in the dead-letter topic with the reason.
    /// </summary>
    private async Task<TaskOutcome> GiveUpAsync(Message<string, string> message, AgentTaskMessage? task, string error)
    {
        try
        {
            await failures.DeadLetterAsync(message, task?.TaskId, error);
        }
        catch (Exception ex)
        {
            return HandBack(ex, task?.TaskId ?? "(not a task)");
        }

        try
        {
            if (task is not null)
            {
                await failures.MarkFailedAsync(task.TaskId, task.Tenant, error, task.EnqueuedAt);
            }
        }
        catch (Exception ex)
        {
            LogNotMarkedFailed(ex, task!.TaskId, ex.GetType().Name, ex.Message);
        }

        return TaskOutcome.Settled;
    }

    private TaskOutcome HandBack(Exception ex, string taskId)
    {
        LogHandedBack(ex, taskId, ex.GetType().Name, ex.Message);
        metrics.HandedBack();
        return TaskOutcome.HandedBack;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: workflow started")]
    private partial void LogStarted(string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: workflow already started, message settled")]
    private partial void LogAlreadyStarted(string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} handed back ({Error}: {Reason}); it will be delivered again")]
    private partial void LogHandedBack(Exception exception, string taskId, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was dead-lettered but could not be marked failed ({Error}: {Reason})")]
    private partial void LogNotMarkedFailed(Exception exception, string taskId, string error, string reason);
}
