using Microsoft.Extensions.Configuration;

namespace AgentApp.DaprHosting;

/// <summary>
/// Calls another app by Dapr service invocation: <c>/v1.0/invoke/{app}/method/{path}</c> on this app's own sidecar, which
/// finds the other app's sidecar and calls it over mTLS. See
/// https://docs.dapr.io/developing-applications/building-blocks/service-invocation/service-invocation-overview/.
/// </summary>
public static class DaprServiceInvocation
{
    /// <summary>
    /// A request to <paramref name="path"/> of app <paramref name="appId"/> through the sidecar
    /// <paramref name="configuration"/> names, with the sidecar's API token when one is set.
    /// </summary>
    public static HttpRequestMessage Request(IConfiguration configuration, HttpMethod method, string appId, string path)
    {
        var sidecar = DaprSidecarAddress.From(configuration);
        var request = new HttpRequestMessage(method, $"{sidecar.Endpoint}/v1.0/invoke/{appId}/method/{path}");
        if (sidecar.ApiToken is { } token)
        {
            request.Headers.Add("dapr-api-token", token);
        }

        return request;
    }
}
