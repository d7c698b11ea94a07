namespace AgentApp.Gateway.Headers;

/// <summary>
/// Headers every edge response carries: nothing may frame, sniff or embed it. The api's answers get a policy that allows
/// no content at all; the web console behind the same edge sends its own Content-Security-Policy, which is kept; routes
/// marked as a page (<c>"Metadata": { "Page": "true" }</c>, the API reference) get a policy that lets their scripts run.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private static readonly (string Name, string Value)[] s_headers =
    [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
        ("Cross-Origin-Resource-Policy", "same-site"),
        ("Permissions-Policy", "()"),
    ];

    /// <summary>The route metadata key that marks a route as serving a page rather than the API.</summary>
    public const string PageMetadataKey = "Page";

    private const string PageContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https:; font-src 'self' data: https:; " +
        "img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers as the response starts, and HSTS on https.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            foreach (var (name, value) in s_headers)
            {
                if (name != "Content-Security-Policy" || !headers.ContainsKey(name))
                {
                    headers[name] = value;
                }
            }

            // A route that serves a page (the API reference, in Development) needs its scripts and styles to load.
            if (IsPage(context))
            {
                headers.ContentSecurityPolicy = PageContentSecurityPolicy;
            }

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsPage(HttpContext context) =>
        context.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>()?.Route.Config.Metadata?.GetValueOrDefault(PageMetadataKey) == "true";
}
