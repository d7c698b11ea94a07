using System.Text.Json;
using AgentApp.Agent;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Offline;
using AgentApp.Agent.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentApp.Api.Mcp;

/// <summary>
/// <c>tools/list</c> and <c>tools/call</c> for the caller's tenant, held to what a chat tool call is held to: the
/// tenant's tool allowlist (a tool outside it is neither listed nor callable), input guardrails on the arguments
/// (length, prompt-injection heuristics), secrets redacted from results, tools needing a person's approval never run
/// here, each call counted in <c>agentapp.tool.calls</c> and audited (tool, outcome, tenant, subject; never arguments), and
/// its tokens reported to the gateway's quota. Traces come from the SDK's own spans (MCP semantic conventions), which
/// pass PII redaction like every span.
/// </summary>
public sealed partial class McpToolCalls(McpToolCatalog catalog, IOptions<GuardrailOptions> guardrails,
    GuardrailDecisions decisions, AgentMetrics metrics, IAgentCaller caller, IHttpContextAccessor http,
    ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(GuardrailDecisions.AuditCategory);
    private readonly ILogger _log = loggers.CreateLogger<McpToolCalls>();

    /// <summary>The tools the tenant may call.</summary>
    public ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListToolsResult { Tools = [.. catalog.All.Where(t => IsAllowed(t.Protocol.Name)).Select(t => t.Protocol)] });

    /// <summary>Runs one tool for the tenant.</summary>
    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? "";
        if (catalog.Find(name) is not { } tool)
        {
            throw new McpProtocolException($"Unknown tool: '{name}'.", McpErrorCode.InvalidParams);
        }

        if (!IsAllowed(name))
        {
            decisions.Record(GuardrailRules.ToolAllowlist, GuardrailOutcomes.Refuse, name);
            Audit(name, "refused");
            throw new McpProtocolException($"The tool '{name}' is not allowed for this tenant.", McpErrorCode.InvalidParams);
        }

        var arguments = request.Params?.Arguments ?? new Dictionary<string, JsonElement>();
        if (CheckArguments(arguments) is { } refusal)
        {
            Finish(name, "refused", arguments, refusal);
            return Error(refusal);
        }

        if (tool.RequiresApproval)
        {
            var notice = $"The {name} tool needs a person's approval before it runs, which an MCP call cannot wait for. " +
                "Submit it as an agent task (POST /v1/tasks): the task waits for approval at POST /v1/tasks/{id}/approval.";
            Finish(name, "approval_required", arguments, notice);
            return Error(notice);
        }

        try
        {
            var result = await tool.Function.InvokeAsync(
                new AIFunctionArguments(arguments.ToDictionary(a => a.Key, a => (object?)a.Value)) { Services = request.Services },
                cancellationToken);
            var text = Redact(ResultText(result));
            Finish(name, "success", arguments, text);
            return new CallToolResult { Content = [new TextContentBlock { Text = text }] };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not McpException)
        {
            ToolFailed(_log, name, ex);
            Finish(name, "error", arguments, "");
            // The exception stays in the log: its text may hold internals the caller should not see.
            return Error($"The {name} tool failed.");
        }
    }

    private bool IsAllowed(string tool) => guardrails.Value.AllowedTools(caller.Tenant) is not { } allowed || allowed.Contains(tool);

    // The chat pipeline's input checks, over the string arguments; a flagged argument is recorded and the call runs.
    private string? CheckArguments(IDictionary<string, JsonElement> arguments)
    {
        var options = guardrails.Value;
        var texts = arguments.Values.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString() ?? "").ToList();
        var refusal = InputChecks.Length(texts, "An argument", options, decisions)
            ?? InputChecks.PromptInjection(texts, "An argument", options, decisions, out _);
        return refusal?.Detail;
    }

    private string Redact(string text)
    {
        if (!guardrails.Value.RedactSecrets)
        {
            return text;
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        var redacted = SecretPatterns.Redact(text, found);
        SecretRedactionChatClient.Record(found, decisions);
        return redacted;
    }

    /// <summary>Counts, audits and bills one call (tokens estimated from the text in and out, as the offline model does).</summary>
    private void Finish(string tool, string outcome, IDictionary<string, JsonElement> arguments, string result)
    {
        metrics.ToolCall(tool, outcome);
        Audit(tool, outcome);
        McpUsage.Of(http.HttpContext)?.Add(
            OfflineChatClient.Estimate(tool) + arguments.Sum(a => OfflineChatClient.Estimate(a.Key) + OfflineChatClient.Estimate(a.Value.GetRawText()))
            + OfflineChatClient.Estimate(result));
    }

    private void Audit(string tool, string outcome) => ToolCalled(_audit, tool, outcome, caller.Tenant ?? "", caller.Subject ?? "");

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString() ?? "",
        JsonElement json => json.GetRawText(),
        var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions),
    };

    private static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    [LoggerMessage(EventId = 7300, EventName = "McpToolCall", Level = LogLevel.Information,
        Message = "Audit mcp tools/call {Tool} {Outcome} tenant={Tenant} subject={Subject}")]
    private static partial void ToolCalled(ILogger logger, string tool, string outcome, string tenant, string subject);

    [LoggerMessage(EventId = 7301, EventName = "McpToolFailed", Level = LogLevel.Warning, Message = "MCP tool {Tool} failed")]
    private static partial void ToolFailed(ILogger logger, string tool, Exception exception);
}
