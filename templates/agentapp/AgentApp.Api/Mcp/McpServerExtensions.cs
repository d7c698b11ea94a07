using ModelContextProtocol.AspNetCore;

namespace AgentApp.Api.Mcp;

/// <summary>The agent's tools as a Model Context Protocol server (Streamable HTTP) at <c>/v1/mcp</c>.</summary>
public static class McpServerExtensions
{
    /// <summary>The path, under <c>/v1</c>; the gateway routes it with the same authentication, limits and audit as any route.</summary>
    public const string Path = "/mcp";

    /// <summary>
    /// Registers the server. Stateless: every POST stands alone, so any api replica can answer it and no session outlives
    /// a request (the server sends nothing unasked, so it needs no session).
    /// </summary>
    public static IHostApplicationBuilder AddAgentMcpServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<McpToolCatalog>();
        builder.Services.AddSingleton<McpToolCalls>();
        builder.Services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = builder.Environment.ApplicationName, Version = "1.0.0" };
                options.ServerInstructions = "Tools of this app's agent: time, arithmetic, the app's knowledge base, and ask_<agent> for each named agent. " +
                    "Tools marked destructive need a person's approval and only say how to get it.";
            })
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless)
            .WithListToolsHandler((request, ct) => request.Services!.GetRequiredService<McpToolCalls>().ListAsync(request, ct))
            .WithCallToolHandler((request, ct) => request.Services!.GetRequiredService<McpToolCalls>().CallAsync(request, ct));
        return builder;
    }

    /// <summary>Maps the endpoint, with each request's token usage reported to the gateway (<see cref="McpUsage"/>).</summary>
    public static IEndpointConventionBuilder MapAgentMcp(this RouteGroupBuilder v1)
    {
        var mcp = v1.MapMcp(Path).ExcludeFromDescription();
        mcp.Add(endpoint => endpoint.RequestDelegate = Report(endpoint.RequestDelegate!));
        return mcp;
    }

    private static RequestDelegate Report(RequestDelegate inner) => context => McpUsage.ReportAsync(context, inner);
}
