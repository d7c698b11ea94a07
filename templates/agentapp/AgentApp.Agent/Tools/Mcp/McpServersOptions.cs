using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>
/// Remote MCP servers whose tools become the agent's (configuration section <c>Mcp</c>; the AppHost's
/// <c>AddMcpServer</c> resources fill it), validated at start-up.
/// </summary>
public sealed class McpServersOptions
{
    public const string Section = "Mcp";

    /// <summary>Servers by name (<c>Mcp:Servers:&lt;name&gt;:Url</c>); the name prefixes their tools' names.</summary>
    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How often each server's tool list is read again (servers that keep a session also announce changes at once), and
    /// how soon a server that is down is tried again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait to connect to a server, to list its tools, or for a health probe's ping.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>One remote MCP server (Streamable HTTP).</summary>
public sealed class McpServerOptions
{
    /// <summary>The server's MCP endpoint, e.g. <c>https://search.example.com/mcp</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>A bearer token sent as <c>Authorization: Bearer …</c>, when the server needs one.</summary>
    public string? Token { get; set; }

    /// <summary>The server's tools (its own names) that need a person's approval before they run; <c>*</c> for all.</summary>
    public string[] RequireApproval { get; set; } = [];
}

/// <summary>Names a bad server entry at start-up.</summary>
public sealed partial class McpServersOptionsValidation : IValidateOptions<McpServersOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, McpServersOptions options)
    {
        List<string> failures = [];
        foreach (var (server, settings) in options.Servers)
        {
            if (!ServerName().IsMatch(server))
            {
                failures.Add($"Mcp:Servers:{server}: the name must be 1-32 letters, digits or '-' (it prefixes tool names).");
            }

            if (settings.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"Mcp:Servers:{server}:Url must be an absolute http or https URL.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex ServerName();
}
