namespace AgentApp.Gateway.Edge.Hygiene;

/// <summary>
/// Headers every edge response carries: nothing may frame, sniff or embed it. The api's answers get a policy that allows
/// no content at all; the web console behind the same edge sends its own Content-Security-Policy, which is kept.
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

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    }
}
