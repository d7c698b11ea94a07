using System.Text;

namespace AgentApp.Agent.Tools.Mcp;

/// <summary>
/// The name the model calls a remote tool by: <c>&lt;server&gt;__&lt;tool&gt;</c>, e.g. <c>search__query</c>. Not
/// <c>search.query</c>: OpenAI and Anthropic accept only letters, digits, <c>_</c> and <c>-</c> (at most 64) in tool names;
/// the double underscore keeps the server visible and cannot be confused with a single one inside a name.
/// </summary>
public static class McpToolNames
{
    /// <summary>Between server and tool.</summary>
    public const string Separator = "__";

    /// <summary>The longest name models accept.</summary>
    public const int MaxLength = 64;

    /// <summary>The namespaced name; characters models refuse become <c>_</c>. Null when it would be too long.</summary>
    public static string? For(string server, string tool)
    {
        var name = new StringBuilder(server.Length + Separator.Length + tool.Length).Append(server).Append(Separator);
        foreach (var c in tool)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return name.Length <= MaxLength ? name.ToString() : null;
    }

    /// <summary>The server part of a namespaced name, or null for the agent's own tools.</summary>
    public static string? ServerOf(string name) =>
        name.IndexOf(Separator, StringComparison.Ordinal) is > 0 and var at ? name[..at] : null;
}
