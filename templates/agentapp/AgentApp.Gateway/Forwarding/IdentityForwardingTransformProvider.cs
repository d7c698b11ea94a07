using AgentApp.Gateway.Authentication;
using AgentApp.Gateway.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace AgentApp.Gateway.Forwarding;

/// <summary>
/// A request transform on every route: drops whatever identity a client claimed (<c>X-Identity-*</c>,
/// <c>X-Gateway-Secret</c>) and its credentials, then states the authenticated identity, the gateway secret and the
/// correlation id for the api.
/// </summary>
public sealed class IdentityForwardingTransformProvider(IOptions<GatewayOptions> options) : ITransformProvider
{
    /// <inheritdoc />
    public void ValidateRoute(TransformRouteValidationContext context) { }

    /// <inheritdoc />
    public void ValidateCluster(TransformClusterValidationContext context) { }

    /// <inheritdoc />
    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(transform =>
    {
        var request = transform.ProxyRequest;
        var user = transform.HttpContext.User;

        var claimed = request.Headers.Select(h => h.Key)
            .Concat(request.Content?.Headers.Select(h => h.Key) ?? [])
            .Where(IsEdgeOwned)
            .ToList();
        foreach (var name in claimed)
        {
            request.Headers.Remove(name);
            request.Content?.Headers.Remove(name);
        }

        // The api needs who, not how: keys and tokens stop here.
        request.Headers.Remove(EdgeHeaders.ApiKey);
        request.Headers.Remove(HeaderNames.Authorization);

        if (EdgeClaims.TenantOf(user) is { } tenant)
        {
            request.Headers.TryAddWithoutValidation(EdgeHeaders.IdentityTenant, tenant);
            request.Headers.TryAddWithoutValidation(EdgeHeaders.IdentitySubject, EdgeClaims.SubjectOf(user) ?? "");
            request.Headers.TryAddWithoutValidation(EdgeHeaders.IdentityScopes, string.Join(' ', EdgeClaims.ScopesOf(user).Order(StringComparer.Ordinal)));
        }

        request.Headers.TryAddWithoutValidation(EdgeHeaders.GatewaySecret, options.Value.Secret);
        request.Headers.Remove(EdgeHeaders.CorrelationId);
        request.Headers.TryAddWithoutValidation(EdgeHeaders.CorrelationId, CorrelationId.Of(transform.HttpContext));
        return ValueTask.CompletedTask;
    });

    private static bool IsEdgeOwned(string header) =>
        header.StartsWith(EdgeHeaders.IdentityPrefix, StringComparison.OrdinalIgnoreCase)
        || header.Equals(EdgeHeaders.GatewaySecret, StringComparison.OrdinalIgnoreCase);
}
