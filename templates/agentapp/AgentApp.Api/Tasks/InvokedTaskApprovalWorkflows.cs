using System.Net.Http.Json;
using AgentApp.Contracts;
using AgentApp.DaprHosting;
using AgentApp.Api.Dapr;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Tasks;

/// <summary>
/// <see cref="ITaskApprovalWorkflows"/> when another app hosts the task workflows (<c>Dapr:WorkflowAppId</c>): the decision
/// goes to the hosting app by Dapr service invocation (<see cref="TaskWorkflowHost"/>), and that app raises it through
/// its own sidecar, the only one that can.
/// </summary>
public sealed class InvokedTaskApprovalWorkflows(IHttpClientFactory http, IConfiguration configuration, IOptions<TaskLifecycleOptions> options,
    ILogger<InvokedTaskApprovalWorkflows> logger) : ITaskApprovalWorkflows
{
    private readonly DaprSidecarAddress _sidecar = DaprSidecarAddress.From(configuration);
    private readonly string _host = TaskWorkflowHost.AppIdFrom(configuration);

    /// <inheritdoc />
    public async Task<string?> RaiseAsync(string taskId, ApprovalEvent decision, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        using var request = DaprServiceInvocation.Request(configuration, HttpMethod.Post, _host, TaskWorkflowHost.ApprovalPath(taskId));
        request.Content = JsonContent.Create(decision);

        try
        {
            using var response = await http.CreateClient(nameof(InvokedTaskApprovalWorkflows)).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null
                : $"Task approvals are off: the workflow host '{_host}' answered {(int)response.StatusCode}. The decision was not recorded; try again.";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Handing the approval of task {TaskId} to {Host} failed", taskId, _host);
            return $"Task approvals are off: the workflow host '{_host}' was not reached through the Dapr sidecar at {_sidecar.Endpoint} " +
                $"({ex.GetType().Name}). The decision was not recorded; try again. {DaprSidecar.InstallHint}";
        }
    }
}
