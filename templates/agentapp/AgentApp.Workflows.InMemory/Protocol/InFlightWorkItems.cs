using System.Collections;
using System.Globalization;
using System.Reflection;
using Grpc.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using P = Microsoft.DurableTask.Protobuf;

namespace AgentApp.Workflows.InMemory.Protocol;

/// <summary>
/// The work items sent over one worker's stream. The in-memory server waits for a work item's result without end, so a
/// worker that dies mid-step would leave its instance stuck; daprd hands such work to the next worker. When the stream
/// ends, <see cref="Abandon"/> fails the waits of whatever this stream was given and not yet answered, and the engine's
/// dispatcher puts each item back in its queue for the next worker to connect. The server keeps writing to this stream
/// until the next worker connects: from then on a write fails at once (so the dispatcher puts that item back too) instead
/// of going nowhere and holding one of the dispatcher's few slots for ever.
/// </summary>
internal sealed class InFlightWorkItems(IServerStreamWriter<P.WorkItem> inner, ActivityLedger activities) : IServerStreamWriter<P.WorkItem>
{
    private static readonly FieldInfo s_orchestrators = PendingField("pendingOrchestratorTasks");
    private static readonly FieldInfo s_activities = PendingField("pendingActivityTasks");

    private readonly Queue<(FieldInfo Pending, string Key)> _sent = new();
    private bool _closed;

    /// <inheritdoc />
    public WriteOptions? WriteOptions { get => inner.WriteOptions; set => inner.WriteOptions = value; }

    /// <inheritdoc />
    public Task WriteAsync(P.WorkItem message)
    {
        lock (_sent)
        {
            if (_closed)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "The worker this stream belonged to disconnected."));
            }

            if (message.OrchestratorRequest is { } orchestration)
            {
                activities.TurnSent();
                _sent.Enqueue((s_orchestrators, orchestration.InstanceId));
            }
            else if (message.ActivityRequest is { } activity)
            {
                activities.Dispatched(activity.OrchestrationInstance.InstanceId, activity.TaskId, activity.Name);
                _sent.Enqueue((s_activities, string.Concat(activity.OrchestrationInstance.InstanceId, "_", activity.TaskId.ToString(CultureInfo.InvariantCulture))));
            }
        }

        return inner.WriteAsync(message);
    }

    /// <summary>Hands every unanswered item sent on this stream back to the engine, and refuses further writes.</summary>
    public void Abandon(TaskHubGrpcServer server)
    {
        var gone = new RpcException(new Status(StatusCode.Unavailable, "The worker that took this work item disconnected."));
        List<(FieldInfo Pending, string Key)> sent;
        lock (_sent)
        {
            _closed = true;
            sent = [.. _sent];
            _sent.Clear();
        }

        foreach (var item in sent)
        {
            var pending = (IDictionary)item.Pending.GetValue(server)!;
            if (pending[item.Key] is { } completion)
            {
                pending.Remove(item.Key);
                if (item.Pending == s_orchestrators)
                {
                    activities.TurnHandedOver();
                }
                else
                {
                    var split = item.Key.LastIndexOf('_');
                    activities.Abandoned(item.Key[..split], int.Parse(item.Key[(split + 1)..], CultureInfo.InvariantCulture));
                }

                completion.GetType().GetMethod("TrySetException", [typeof(Exception)])!.Invoke(completion, [gone]);
            }
        }
    }

    private static FieldInfo PendingField(string name) =>
        typeof(TaskHubGrpcServer).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException(typeof(TaskHubGrpcServer).FullName, name);
}
