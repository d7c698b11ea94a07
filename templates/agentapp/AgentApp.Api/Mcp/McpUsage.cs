using System.Globalization;

namespace AgentApp.Api.Mcp;

/// <summary>
/// Tokens one MCP request used, reported to the gateway's token quota the way streamed chat reports them: an SSE
/// <c>usage</c> event at the end of the response (MCP answers are always SSE streams whose headers leave before the tool
/// runs). MCP clients ignore event types other than <c>message</c>, as the SSE format allows.
/// </summary>
public sealed class McpUsage
{
    private long _tokens;

    /// <summary>Tokens added so far.</summary>
    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Adds <paramref name="tokens"/>.</summary>
    public void Add(long tokens) => Interlocked.Add(ref _tokens, Math.Max(0, tokens));

    /// <summary>The usage of the current request, when it is an MCP request.</summary>
    public static McpUsage? Of(HttpContext? context) => context?.Features.Get<McpUsage>();

    /// <summary>Counts each MCP request's tokens and ends its SSE stream with a <c>usage</c> event when it used any.</summary>
    public static async Task ReportAsync(HttpContext context, RequestDelegate next)
    {
        var usage = new McpUsage();
        context.Features.Set(usage);
        await next(context);
        if (usage.Tokens > 0 && !context.RequestAborted.IsCancellationRequested
            && context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true)
        {
            await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"event: usage\ndata: {{\"totalTokens\":{usage.Tokens}}}\n\n"), context.RequestAborted);
        }
    }
}
