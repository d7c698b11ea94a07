using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>
/// A remote MCP server's tool as the agent sees it: namespaced (<see cref="McpToolNames"/>), described with its server,
/// answering with plain text (so guardrails redact it and memory stores it like any tool's), and telling its server's
/// connection when the server stopped answering.
/// </summary>
public sealed class McpRemoteTool(McpClientTool tool, string server, string name, Action onUnreachable)
    : DelegatingAIFunction(tool.WithName(name).WithDescription($"[{server}] {tool.Description}"))
{
    /// <summary>The server it belongs to.</summary>
    public string Server { get; } = server;

    /// <summary>The tool's own name on its server.</summary>
    public string RemoteName => tool.ProtocolTool.Name;

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        CallToolResult result;
        try
        {
            result = await tool.CallAsync(arguments, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not McpProtocolException)
        {
            // Transport failures mean the server is gone: its connection reconnects and its tools leave the list meanwhile.
            onUnreachable();
            throw;
        }

        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text = structured.GetRawText();
        }

        return result.IsError == true ? $"The {Name} tool reported an error: {text}" : text;
    }
}
