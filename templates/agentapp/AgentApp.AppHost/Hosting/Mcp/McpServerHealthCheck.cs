using System.Net.Http.Headers;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentApp.Hosting;

/// <summary>
/// Healthy when the server answers an MCP <c>initialize</c> request with success: reachable, the path right, the token
/// accepted. The dashboard shows the result on the resource.
/// </summary>
internal sealed class McpServerHealthCheck(McpServerResource server, IHttpClientFactory clients) : IHealthCheck
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"apphost-health-check","version":"1.0.0"}}}""";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var url = await server.UrlExpression.GetValueAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (server.Token is { } parameter && await parameter.GetValueAsync(cancellationToken) is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await clients.CreateClient(nameof(McpServerHealthCheck))
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"'{server.Name}' answered initialize with {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"'{server.Name}' does not answer: {ex.Message}");
        }
    }
}
