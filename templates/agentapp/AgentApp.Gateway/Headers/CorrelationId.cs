using System.Diagnostics;

namespace AgentApp.Gateway.Headers;

/// <summary>
/// Takes the client's <c>X-Correlation-Id</c> when it is short and plain, else makes one (the trace id), and returns
/// it on every response; the proxy forwards it and logs carry it in their scope.
/// </summary>
public sealed class CorrelationId(RequestDelegate next, ILogger<CorrelationId> logger)
{
    /// <summary>Longest client-supplied id accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>The id of this request.</summary>
    public static string Of(HttpContext context) =>
        context.Items[typeof(CorrelationId)] as string ?? context.TraceIdentifier;

    /// <summary>Assigns, returns and scopes the id.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var offered = context.Request.Headers[EdgeHeaders.CorrelationId].ToString();
        var id = IsWellFormed(offered)
            ? offered
            : Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
        context.Items[typeof(CorrelationId)] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[EdgeHeaders.CorrelationId] = id;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    private static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
