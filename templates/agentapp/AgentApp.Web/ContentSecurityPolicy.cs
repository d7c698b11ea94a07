namespace AgentApp.Web;

/// <summary>
/// The console's Content-Security-Policy: everything from this origin only (no CDN, no inline script); Blazor's circuit
/// is a WebSocket to the same origin. Inline styles are allowed for Blazor's reconnect dialog.
/// </summary>
public sealed class ContentSecurityPolicy(RequestDelegate next)
{
    /// <summary>The policy.</summary>
    public const string Value = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                                "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>Sets the header on every response.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = Value;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return next(context);
    }
}
