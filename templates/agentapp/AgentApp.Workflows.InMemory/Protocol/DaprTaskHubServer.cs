using DurableTask.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using D = Dapr.DurableTask.Protobuf;
using P = Microsoft.DurableTask.Protobuf;

namespace AgentApp.Workflows.InMemory.Protocol;

/// <summary>
/// Microsoft's in-memory task hub server as a Dapr workflow worker and client expect it: the service is bound with
/// marshallers that read Dapr's messages as Dapr wrote them (<see cref="DaprProtocolTranslation"/>), and starting an
/// instance that is still running is refused with <c>AlreadyExists</c>, as daprd does (the engine would silently replace it);
/// work a worker took and never answered is handed to the next worker when its stream ends, as daprd does.
/// </summary>
[BindServiceMethod(typeof(DaprTaskHubServer), nameof(BindService))]
public sealed class DaprTaskHubServer : TaskHubGrpcServer
{
    private const string Service = "TaskHubSidecarService";

    private readonly IOrchestrationServiceClient _client;
    private readonly ActivityLedger _activities;

    /// <summary>The server over <paramref name="service"/> (the engine) and <paramref name="client"/> (its instance store), recording activities in <paramref name="activities"/>.</summary>
    public DaprTaskHubServer(IHostApplicationLifetime lifetime, ILoggerFactory loggers, IOrchestrationService service,
        IOrchestrationServiceClient client, IOptions<TaskHubGrpcServerOptions> options, ActivityLedger activities)
        : base(lifetime, loggers, service, client, options) => (_client, _activities) = (client, activities);

    /// <inheritdoc />
    public override async Task<P.CompleteTaskResponse> CompleteActivityTask(P.ActivityResponse request, ServerCallContext context)
    {
        var response = await base.CompleteActivityTask(request, context);
        _activities.Completed(request.InstanceId, request.TaskId);
        return response;
    }

    /// <inheritdoc />
    public override async Task<P.CreateInstanceResponse> StartInstance(P.CreateInstanceRequest request, ServerCallContext context)
    {
        if (request.InstanceId is { Length: > 0 } id && await _client.GetOrchestrationStateAsync(id, executionId: null) is { } state
            && state.OrchestrationStatus is OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"an active workflow with ID '{id}' already exists"));
        }

        return await base.StartInstance(request, context);
    }

    /// <inheritdoc />
    public override async Task<P.CompleteTaskResponse> CompleteOrchestratorTask(P.OrchestratorResponse request, ServerCallContext context)
    {
        var response = await base.CompleteOrchestratorTask(request, context);
        _activities.TurnAnswered();
        return response;
    }

    /// <summary>Serves a worker's work-item stream; when it ends, what the worker took and never answered goes back to the engine.</summary>
    public override async Task GetWorkItems(P.GetWorkItemsRequest request, IServerStreamWriter<P.WorkItem> responseStream, ServerCallContext context)
    {
        var sent = new InFlightWorkItems(responseStream, _activities);
        try
        {
            await base.GetWorkItems(request, sent, context);
        }
        finally
        {
            sent.Abandon(this);
        }
    }

    /// <summary>
    /// Binds the methods Dapr's SDK calls. ASP.NET Core's binder finds each handler by the method's name and message types
    /// among the overrides of the generated service base (hence its type here), so only the marshallers differ from
    /// Microsoft's generated binding.
    /// </summary>
    public static void BindService(ServiceBinderBase binder, P.TaskHubSidecarService.TaskHubSidecarServiceBase? server)
    {
        _ = server;
        Unary(binder, "Hello", Same(Empty.Parser), Same(Empty.Parser));
        Unary(binder, "StartInstance", Same(P.CreateInstanceRequest.Parser), Same(P.CreateInstanceResponse.Parser));
        Unary(binder, "GetInstance", Same(P.GetInstanceRequest.Parser), Same(P.GetInstanceResponse.Parser));
        Unary(binder, "WaitForInstanceStart", Same(P.GetInstanceRequest.Parser), Same(P.GetInstanceResponse.Parser));
        Unary(binder, "WaitForInstanceCompletion", Same(P.GetInstanceRequest.Parser), Same(P.GetInstanceResponse.Parser));
        Unary(binder, "RaiseEvent", Same(P.RaiseEventRequest.Parser), Same(P.RaiseEventResponse.Parser));
        Unary(binder, "TerminateInstance", Same(P.TerminateRequest.Parser), Same(P.TerminateResponse.Parser));
        Unary(binder, "SuspendInstance", Same(P.SuspendRequest.Parser), Same(P.SuspendResponse.Parser));
        Unary(binder, "ResumeInstance", Same(P.ResumeRequest.Parser), Same(P.ResumeResponse.Parser));
        Unary(binder, "PurgeInstances", FromDapr(D.PurgeInstancesRequest.Parser, DaprProtocolTranslation.FromDapr), Same(P.PurgeInstancesResponse.Parser));
        Unary(binder, "CompleteActivityTask", Same(P.ActivityResponse.Parser), Same(P.CompleteTaskResponse.Parser));
        Unary(binder, "CompleteOrchestratorTask", FromDapr(D.WorkflowResponse.Parser, DaprProtocolTranslation.FromDapr), Same(P.CompleteTaskResponse.Parser));
        binder.AddMethod(new Method<P.GetWorkItemsRequest, P.WorkItem>(MethodType.ServerStreaming, Service, "GetWorkItems",
                FromDapr(D.GetWorkItemsRequest.Parser, DaprProtocolTranslation.FromDapr),
                Marshallers.Create((P.WorkItem item) => DaprProtocolTranslation.ToDapr(item).ToByteArray(), P.WorkItem.Parser.ParseFrom)),
            (ServerStreamingServerMethod<P.GetWorkItemsRequest, P.WorkItem>?)null);
    }

    private static void Unary<TRequest, TResponse>(ServiceBinderBase binder, string name, Marshaller<TRequest> request, Marshaller<TResponse> response)
        where TRequest : class where TResponse : class =>
        binder.AddMethod(new Method<TRequest, TResponse>(MethodType.Unary, Service, name, request, response),
            (UnaryServerMethod<TRequest, TResponse>?)null);

    private static Marshaller<T> Same<T>(MessageParser<T> parser) where T : IMessage<T> =>
        Marshallers.Create((T message) => message.ToByteArray(), parser.ParseFrom);

    private static Marshaller<TMicrosoft> FromDapr<TDapr, TMicrosoft>(MessageParser<TDapr> dapr, Func<TDapr, TMicrosoft> translate)
        where TDapr : IMessage<TDapr> where TMicrosoft : IMessage<TMicrosoft> =>
        Marshallers.Create((TMicrosoft message) => message.ToByteArray(), bytes => translate(dapr.ParseFrom(bytes)));
}
