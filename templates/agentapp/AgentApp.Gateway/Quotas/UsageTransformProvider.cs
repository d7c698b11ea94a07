using AgentApp.Gateway.Headers;
using System.Globalization;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace AgentApp.Gateway.Quotas;

/// <summary>
/// A response transform on every route: where the quota middleware is counting (<see cref="ModelUsage"/> present),
/// reads <c>X-Usage-Total-Tokens</c>, and for <c>text/event-stream</c> observes the body on its way to the client.
/// </summary>
public sealed class UsageTransformProvider : ITransformProvider
{
    /// <inheritdoc />
    public void ValidateRoute(TransformRouteValidationContext context) { }

    /// <inheritdoc />
    public void ValidateCluster(TransformClusterValidationContext context) { }

    /// <inheritdoc />
    public void Apply(TransformBuilderContext context) => context.AddResponseTransform(transform =>
    {
        var http = transform.HttpContext;
        if (http.Features.Get<ModelUsage>() is not { } usage || transform.ProxyResponse is not { } response)
        {
            return ValueTask.CompletedTask;
        }

        if (response.Headers.TryGetValues(EdgeHeaders.UsageTotalTokens, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var tokens))
        {
            usage.Add(tokens);
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // YARP copies the body to Response.Body after the response transforms.
            http.Response.Body = new SseUsageObserver(http.Response.Body, usage);
        }

        return ValueTask.CompletedTask;
    });
}
