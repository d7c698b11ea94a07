using System.Text.Json;
using AgentApp.Contracts;
using AgentApp.Agent;
using AgentApp.Agent.Agents;
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
/// redelivered message finds the instance and only settles again. An unreachable engine hands the message back.
/// </summary>
public sealed partial class WorkflowTaskRunner(IDaprWorkflowClient workflows, TaskEventProducer events, IOptions<TaskWorkerOptions> options,
    IOptions<AgentOptions> agent, IOptions<KafkaOptions> kafka, NamedAgents namedAgents, TaskWorkerMetrics metrics, ILogger<WorkflowTaskRunner> logger) : ITaskRunner
{
    /// <inheritdoc />
    public async Task<TaskOutcome> RunAsync(ConsumeResult<string, string> delivery, CancellationToken cancellationToken)
    {
        if (AgentTaskMessages.Parse(delivery.Message.Value) is not { } task)
        {
            await events.DeadLetterAsync(delivery.Message, taskId: null, AgentTaskMessages.MalformedError, cancellationToken);
            metrics.DeadLettered();
            return TaskOutcome.Settled;
        }

        using var activity = KafkaSpans.StartProcess(AgentTaskRunner.Source, delivery, kafka.Value.ConsumerGroup);
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

            var (workflow, input) = MultiAgentRegistration.For(task, namedAgents) is { } multiAgent
                ? (multiAgent.Workflow, (object)multiAgent.Input)
                : (AgentTaskWorkflowNames.Workflow, new AgentTaskInput(task.TaskId, task.Tenant, task.Goal, options.Value.ApprovalTimeout, agent.Value.MaxToolIterations + 1));
            await workflows.ScheduleNewWorkflowAsync(workflow, id, input, null, timeout.Token);
            LogStarted(task.TaskId);
            return TaskOutcome.Settled;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Two deliveries raced: the other one started it.
            return TaskOutcome.Settled;
        }
        catch (Exception ex)
        {
            LogHandedBack(ex, task.TaskId, ex.GetType().Name, ex.Message);
            KafkaSpans.Failed(activity, ex);
            metrics.HandedBack();
            return TaskOutcome.HandedBack;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: workflow started")]
    private partial void LogStarted(string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId}: workflow already started, message settled")]
    private partial void LogAlreadyStarted(string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} handed back ({Error}: {Reason}); it will be delivered again")]
    private partial void LogHandedBack(Exception exception, string taskId, string error, string reason);
}
