using System.Net.Http.Json;
using AgentApp.Contracts;
using AgentApp.Api.Memory;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Tasks;

/// <summary>
/// <see cref="ITaskApprovalWorkflows"/> when another app hosts the task workflows (<c>Dapr:WorkflowAppId</c>). On Dapr a
/// workflow lives in the app whose sidecar scheduled it, and events can only be raised through that sidecar, so the
/// decision goes to the hosting app by Dapr service invocation (<c>/v1.0/invoke/{app}/method/...</c> on this app's own
/// sidecar, mTLS between sidecars), and that app raises it through its own sidecar.
/// See https://docs.dapr.io/developing-applications/building-blocks/workflow/workflow-architecture/.
/// </summary>
public sealed class InvokedTaskApprovalWorkflows(IHttpClientFactory http, IConfiguration configuration, IOptions<TaskLifecycleOptions> options,
    ILogger<InvokedTaskApprovalWorkflows> logger) : ITaskApprovalWorkflows
{
    /// <summary>The setting naming the app id that hosts the task workflows.</summary>
    public const string WorkflowAppIdSetting = "Dapr:WorkflowAppId";

    /// <summary>The route the hosting app serves a decision on.</summary>
    public static string ApprovalPath(string taskId) => $"workflows/tasks/{taskId}/approval";

    private readonly DaprSidecarAddress _sidecar = DaprSidecarAddress.From(configuration);
    private readonly string _host = configuration[WorkflowAppIdSetting] ?? throw new InvalidOperationException($"{WorkflowAppIdSetting} is not set.");

    /// <inheritdoc />
    public async Task<string?> RaiseAsync(string taskId, ApprovalEvent decision, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.WorkflowCallTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_sidecar.Endpoint}/v1.0/invoke/{_host}/method/{ApprovalPath(taskId)}")
        {
            Content = JsonContent.Create(decision),
        };
        if (_sidecar.ApiToken is { } token)
        {
            request.Headers.Add("dapr-api-token", token);
        }

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
